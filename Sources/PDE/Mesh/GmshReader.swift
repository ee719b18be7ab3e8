import Foundation

/// Reader for Gmsh MSH files: format 2.2 (ASCII and binary) and 4.0/4.1 (ASCII and binary).
///
/// Keeps the top-dimensional simplices as cells (triangles or tetrahedra; quadrilaterals are
/// split into two triangles; curved P2+ elements keep their corner nodes, i.e. become straight
/// P1 elements) and the elements one dimension lower as tagged facets. Physical tags come from
/// the element tags (2.2) or the `$Entities` section (4.x). `$Comments` and every other unknown
/// section are skipped. Bad input — unknown element types, hexahedra/prisms in the top
/// dimension, elements that reference undefined nodes (e.g. an empty `$Nodes` section),
/// truncated binary data, counts larger than the file, sections that are never closed —
/// throws `MeshError(file, line, reason)`. O(file size) time.
public enum GmshReader {
    /// Reads the Gmsh file at `path` and validates the result.
    public static func read(_ path: String) throws(MeshError) -> Mesh {
        let cur = try ByteCursor(path: path)
        let mesh = try parse(cur)
        try mesh.validate()
        return mesh
    }

    /// Parses Gmsh text held in memory (tests, pipes). `name` is used in errors.
    public static func parse(text: String, name: String = "<memory>") throws(MeshError) -> Mesh {
        let mesh = try parse(ByteCursor(text: text, name: name))
        try mesh.validate()
        return mesh
    }

    enum Shape { case point, line, triangle, quad, tet, unsupported3D(String) }

    /// (nodes per element, shape) for a Gmsh element type, nil when unknown.
    static func elementInfo(_ type: Int) -> (nodes: Int, shape: Shape)? {
        switch type {
        case 15: return (1, .point)
        case 1: return (2, .line)
        case 8: return (3, .line)
        case 26: return (4, .line)
        case 27: return (5, .line)
        case 28: return (6, .line)
        case 2: return (3, .triangle)
        case 9: return (6, .triangle)
        case 20: return (9, .triangle)
        case 21: return (10, .triangle)
        case 22: return (12, .triangle)
        case 23: return (15, .triangle)
        case 24: return (15, .triangle)
        case 25: return (21, .triangle)
        case 3: return (4, .quad)
        case 10: return (9, .quad)
        case 16: return (8, .quad)
        case 4: return (4, .tet)
        case 11: return (10, .tet)
        case 29: return (20, .tet)
        case 30: return (35, .tet)
        case 31: return (56, .tet)
        case 5: return (8, .unsupported3D("hexahedron"))
        case 12: return (27, .unsupported3D("hexahedron"))
        case 17: return (20, .unsupported3D("hexahedron"))
        case 6: return (6, .unsupported3D("prism"))
        case 13: return (18, .unsupported3D("prism"))
        case 18: return (15, .unsupported3D("prism"))
        case 7: return (5, .unsupported3D("pyramid"))
        case 14: return (14, .unsupported3D("pyramid"))
        case 19: return (13, .unsupported3D("pyramid"))
        default: return nil
        }
    }

    /// Accumulates elements by shape while parsing.
    struct Collector {
        var lines: [Int] = [], lineTags: [Int32] = []
        var tris: [Int] = [], triTags: [Int32] = []
        var tets: [Int] = [], tetTags: [Int32] = []
        var unsupported: (String, Int?)? = nil     // shape name, line
        /// File offset of each stored node id (ASCII only, -1 for binary), to report lines.
        var linePos: [Int] = [], triPos: [Int] = [], tetPos: [Int] = []
        var offset = -1

        /// Adds one element given by node ids (file numbering).
        mutating func add(shape: Shape, ids: UnsafeBufferPointer<Int>, tag: Int32, line: @autoclosure () -> Int?) {
            switch shape {
            case .point: break
            case .line: lines += [ids[0], ids[1]]; lineTags.append(tag); linePos += [offset, offset]
            case .triangle: tris += [ids[0], ids[1], ids[2]]; triTags.append(tag); triPos += [offset, offset, offset]
            case .quad:
                tris += [ids[0], ids[1], ids[2], ids[0], ids[2], ids[3]]; triTags += [tag, tag]
                triPos += [Int](repeating: offset, count: 6)
            case .tet: tets += [ids[0], ids[1], ids[2], ids[3]]; tetTags.append(tag); tetPos += [offset, offset, offset, offset]
            case .unsupported3D(let name): if unsupported == nil { unsupported = (name, line()) }
            }
        }
    }

    static func parse(_ cur: ByteCursor) throws(MeshError) -> Mesh {
        var version = 0.0
        var binary = false
        var names: [Mesh.PhysicalName] = []
        var entityPhysical: [Int: Int32] = [:]       // key dim*2^32 + tag
        var nodeIds: [Int] = []
        var coords: [Double] = []
        var col = Collector()
        var sawFormat = false, sawNodes = false, sawElements = false
        let limit = cur.count  // no count can exceed the file size

        func key(_ dim: Int, _ tag: Int) -> Int { dim << 40 | (tag & 0xFF_FFFF_FFFF) }

        func expectEnd(_ name: String) throws(MeshError) {
            let p = cur.pos
            guard let l = cur.nextNonBlankLine() else { throw cur.error("section $\(name) is not closed (end of file)", at: p) }
            if l != "$End\(name)" { throw cur.error("expected $End\(name), found '\(l.prefix(40))'", at: p) }
        }

        while true {
            let headerPos = cur.pos
            guard let header = cur.nextNonBlankLine() else { break }
            guard header.hasPrefix("$") else {
                throw cur.error("expected a section header ($...), found '\(header.prefix(40))'", at: headerPos)
            }
            let name = String(header.dropFirst())
            if !sawFormat && name != "MeshFormat" && name != "Comments" {
                throw cur.error("file does not start with $MeshFormat (not a Gmsh mesh?)", at: headerPos)
            }
            switch name {
            case "MeshFormat":
                let vp = cur.pos
                version = try cur.double("format version")
                let ft = try cur.int("file type")
                let ds = try cur.int("data size")
                guard version == 2.2 || version == 2.1 || version == 2.0 || version == 4.0 || version == 4.1 else {
                    throw cur.error("unsupported MSH format version \(version) (supported: 2.2, 4.0, 4.1)", at: vp)
                }
                guard ft == 0 || ft == 1 else { throw cur.error("file type \(ft) is neither 0 (ASCII) nor 1 (binary)", at: vp) }
                guard ds == 8 else { throw cur.error("data size \(ds) unsupported (only 8-byte doubles)", at: vp) }
                binary = ft == 1
                _ = cur.restOfLine()
                if binary {
                    let one = try cur.readInt32("endianness marker")
                    if one != 1 { throw cur.error("binary file is not little-endian (marker \(one))") }
                    cur.skipNewline()
                }
                sawFormat = true
                try expectEnd(name)
            case "PhysicalNames":
                let n = try cur.count("number of physical names", limit: limit)
                _ = cur.restOfLine()
                for _ in 0..<n {
                    cur.skipWhitespace()
                    let lp = cur.pos
                    guard let l = cur.nextNonBlankLine() else { throw cur.error("end of file inside $PhysicalNames") }
                    let parts = l.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true)
                    guard parts.count == 3, let d = Int(parts[0]), let t = Int32(parts[1]) else {
                        throw cur.error("bad physical name line '\(l.prefix(60))' (expected: dim tag \"name\")", at: lp)
                    }
                    names.append(.init(dimension: d, tag: t, name: parts[2].trimmingCharacters(in: CharacterSet(charactersIn: "\" "))))
                }
                try expectEnd(name)
            case "Entities" where version >= 4:
                if binary {
                    let counts = [try cur.readUInt64("points count"), try cur.readUInt64("curves count"),
                                  try cur.readUInt64("surfaces count"), try cur.readUInt64("volumes count")]
                    for (dim, n) in counts.enumerated() {
                        for _ in 0..<n {
                            let tag = try cur.readInt32("entity tag")
                            let nbox = (dim == 0 && version >= 4.1) ? 3 : 6
                            try cur.need(8 * nbox, "entity box"); cur.pos += 8 * nbox
                            let np = try cur.readUInt64("physical tag count")
                            try cur.need(4 * np, "physical tags")
                            for j in 0..<np {
                                let p = try cur.readInt32("physical tag")
                                if j == 0 { entityPhysical[key(dim, tag)] = Int32(truncatingIfNeeded: p) }
                            }
                            if dim > 0 {
                                let nb = try cur.readUInt64("bounding entity count")
                                try cur.need(4 * nb, "bounding entities"); cur.pos += 4 * nb
                            }
                        }
                    }
                    cur.skipNewline()
                } else {
                    var counts: [Int] = []
                    for w in ["points", "curves", "surfaces", "volumes"] { counts.append(try cur.count("number of \(w)", limit: limit)) }
                    for (dim, n) in counts.enumerated() {
                        for _ in 0..<n {
                            let tag = try cur.int("entity tag")
                            let nbox = (dim == 0 && version >= 4.1) ? 3 : 6
                            for _ in 0..<nbox { _ = try cur.double("entity bounding box") }
                            let np = try cur.count("physical tag count", limit: limit)
                            for j in 0..<np {
                                let p = try cur.int("physical tag")
                                if j == 0 { entityPhysical[key(dim, tag)] = Int32(truncatingIfNeeded: p) }
                            }
                            if dim > 0 {
                                let nb = try cur.count("bounding entity count", limit: limit)
                                for _ in 0..<nb { _ = try cur.int("bounding entity") }
                            }
                        }
                    }
                }
                try expectEnd(name)
            case "Nodes":
                if sawNodes { throw cur.error("second $Nodes section", at: headerPos) }
                sawNodes = true
                if version < 4 {
                    let n = try cur.count("number of nodes", limit: limit / (binary ? 28 : 8))
                    nodeIds.reserveCapacity(n); coords.reserveCapacity(3 * n)
                    if binary {
                        _ = cur.restOfLine()
                        try cur.need(28 * n, "nodes")
                        for _ in 0..<n {
                            nodeIds.append(try cur.readInt32("node id"))
                            for _ in 0..<3 { coords.append(try cur.readDouble("node coordinate")) }
                        }
                        cur.skipNewline()
                    } else {
                        for _ in 0..<n {
                            nodeIds.append(try cur.int("node id"))
                            for a in ["x", "y", "z"] { coords.append(try cur.double("node coordinate \(a)")) }
                        }
                    }
                } else if binary {
                    let nb = try cur.readUInt64("node block count")
                    let nn = try cur.readUInt64("node count")
                    if version >= 4.1 { _ = try cur.readUInt64("min node tag"); _ = try cur.readUInt64("max node tag") }
                    if nn > limit / 24 { throw cur.error("node count \(nn) larger than the file can hold", binary: true) }
                    nodeIds.reserveCapacity(nn); coords.reserveCapacity(3 * nn)
                    for _ in 0..<nb {
                        let d1 = try cur.readInt32("entity"), d2 = try cur.readInt32("entity")
                        let entityDim = version >= 4.1 ? d1 : d2
                        let parametric = try cur.readInt32("parametric flag")
                        let m = try cur.readUInt64("nodes in block")
                        let extra = parametric != 0 ? max(entityDim, 0) : 0
                        if version >= 4.1 {
                            try cur.need(8 * m + 8 * (3 + extra) * m, "node block")
                            for _ in 0..<m { nodeIds.append(try cur.readUInt64("node tag")) }
                            for _ in 0..<m {
                                for _ in 0..<3 { coords.append(try cur.readDouble("node coordinate")) }
                                cur.pos += 8 * extra
                            }
                        } else {
                            try cur.need((4 + 8 * (3 + extra)) * m, "node block")
                            for _ in 0..<m {
                                nodeIds.append(try cur.readInt32("node tag"))
                                for _ in 0..<3 { coords.append(try cur.readDouble("node coordinate")) }
                                cur.pos += 8 * extra
                            }
                        }
                    }
                    cur.skipNewline()
                } else {
                    let nb = try cur.count("number of node blocks", limit: limit)
                    let nn = try cur.count("number of nodes", limit: limit / 8)
                    if version >= 4.1 { _ = try cur.int("min node tag"); _ = try cur.int("max node tag") }
                    nodeIds.reserveCapacity(nn); coords.reserveCapacity(3 * nn)
                    for _ in 0..<nb {
                        let a = try cur.int("entity"), b = try cur.int("entity")
                        let entityDim = version >= 4.1 ? a : b
                        let parametric = try cur.int("parametric flag")
                        let m = try cur.count("nodes in block", limit: limit / 8)
                        let extra = parametric != 0 ? max(entityDim, 0) : 0
                        if version >= 4.1 {
                            for _ in 0..<m { nodeIds.append(try cur.int("node tag")) }
                            for _ in 0..<m {
                                for a in ["x", "y", "z"] { coords.append(try cur.double("node coordinate \(a)")) }
                                for _ in 0..<extra { _ = try cur.double("parametric coordinate") }
                            }
                        } else {
                            for _ in 0..<m {
                                nodeIds.append(try cur.int("node tag"))
                                for a in ["x", "y", "z"] { coords.append(try cur.double("node coordinate \(a)")) }
                                for _ in 0..<extra { _ = try cur.double("parametric coordinate") }
                            }
                        }
                    }
                    if nodeIds.count != nn { throw cur.error("$Nodes header says \(nn) nodes, blocks hold \(nodeIds.count)") }
                }
                try expectEnd(name)
            case "Elements":
                if sawElements { throw cur.error("second $Elements section", at: headerPos) }
                sawElements = true
                try parseElements(cur, version: version, binary: binary, limit: limit, entityPhysical: entityPhysical, key: key, into: &col)
                try expectEnd(name)
            default:
                // $Comments, $NodeData, $Periodic, ... : skip to the matching $End line.
                let end = "$End\(name)"
                var closed = false
                while let l = cur.nextNonBlankLine() { if l == end { closed = true; break } }
                if !closed { throw cur.error("section $\(name) is not closed (no \(end))", at: headerPos) }
            }
        }
        if !sawFormat { throw cur.error("no $MeshFormat section (not a Gmsh mesh?)", at: 0) }
        if !sawElements { throw MeshError(file: cur.file, line: nil, reason: "no $Elements section") }
        if let (shape, line) = col.unsupported {
            throw MeshError(file: cur.file, line: line, reason: "unsupported 3D element type \(shape): P1 finite elements need tetrahedra")
        }
        let cellDim: Int
        if !col.tets.isEmpty { cellDim = 3 } else if !col.tris.isEmpty { cellDim = 2 } else {
            throw MeshError(file: cur.file, line: nil, reason: "mesh has no triangles or tetrahedra (only points/lines)")
        }
        // Map file node ids to 0-based indices.
        let maxId = nodeIds.max() ?? 0
        let minId = nodeIds.min() ?? 0
        var lookup: (Int) -> Int?
        if minId >= 0 && maxId <= 4 * nodeIds.count + 1024 {
            var table = [Int32](repeating: -1, count: maxId + 1)
            for (i, id) in nodeIds.enumerated() {
                if table[id] >= 0 { throw MeshError(file: cur.file, line: nil, reason: "node id \(id) defined twice") }
                table[id] = Int32(i)
            }
            lookup = { id in id >= 0 && id <= maxId && table[id] >= 0 ? Int(table[id]) : nil }
        } else {
            var dict: [Int: Int] = [:]
            for (i, id) in nodeIds.enumerated() {
                if dict[id] != nil { throw MeshError(file: cur.file, line: nil, reason: "node id \(id) defined twice") }
                dict[id] = i
            }
            lookup = { dict[$0] }
        }
        func convert(_ ids: [Int], _ positions: [Int], what: String) throws(MeshError) -> [Int32] {
            var out = [Int32](repeating: 0, count: ids.count)
            for (i, id) in ids.enumerated() {
                guard let v = lookup(id) else {
                    let extra = nodeIds.isEmpty ? " (the $Nodes section is empty)" : ""
                    let p = positions[i]
                    throw MeshError(file: cur.file, line: p >= 0 ? cur.lineNumber(at: p) : nil,
                                    reason: "\(what) references undefined node \(id)\(extra)")
                }
                out[i] = Int32(v)
            }
            return out
        }
        let cells = try convert(cellDim == 3 ? col.tets : col.tris, cellDim == 3 ? col.tetPos : col.triPos,
                                what: cellDim == 3 ? "a tetrahedron" : "a triangle")
        let facets = try convert(cellDim == 3 ? col.tris : col.lines, cellDim == 3 ? col.triPos : col.linePos, what: "a boundary element")
        return Mesh(points: coords, cellDimension: cellDim, cells: cells,
                    cellTags: cellDim == 3 ? col.tetTags : col.triTags,
                    facets: facets, facetTags: cellDim == 3 ? col.triTags : col.lineTags,
                    physicalNames: names, source: cur.file)
    }

    static func parseElements(_ cur: ByteCursor, version: Double, binary: Bool, limit: Int, entityPhysical: [Int: Int32],
                              key: (Int, Int) -> Int, into col: inout Collector) throws(MeshError) {
        var ids = [Int](repeating: 0, count: 64)
        func info(_ type: Int, at p: Int?) throws(MeshError) -> (nodes: Int, shape: Shape) {
            guard let i = elementInfo(type) else {
                throw MeshError(file: cur.file, line: p.map { cur.lineNumber(at: $0) }, reason: "unknown element type \(type)")
            }
            return i
        }
        if version < 4 {
            if binary {
                let total = try cur.count("number of elements", limit: limit / 12)
                _ = cur.restOfLine()
                var done = 0
                while done < total {
                    let type = try cur.readInt32("element type")
                    let follow = try cur.readInt32("elements in block")
                    let ntags = try cur.readInt32("tag count")
                    let (nn, shape) = try info(type, at: nil)
                    guard follow > 0, follow <= total - done, ntags >= 0, ntags < 64 else {
                        throw cur.error("bad binary element block header (count \(follow), tags \(ntags))", binary: true)
                    }
                    try cur.need(4 * (1 + ntags + nn) * follow, "element block")
                    for _ in 0..<follow {
                        _ = try cur.readInt32("element id")
                        var tag: Int32 = 0
                        for t in 0..<ntags { let v = try cur.readInt32("element tag"); if t == 0 { tag = Int32(truncatingIfNeeded: v) } }
                        for j in 0..<nn { ids[j] = try cur.readInt32("element node") }
                        ids.withUnsafeBufferPointer { col.add(shape: shape, ids: $0, tag: tag, line: nil) }
                    }
                    done += follow
                }
                cur.skipNewline()
            } else {
                let total = try cur.count("number of elements", limit: limit / 8)
                for _ in 0..<total {
                    cur.skipWhitespace()
                    let lp = cur.pos
                    _ = try cur.int("element id")
                    let type = try cur.int("element type")
                    let (nn, shape) = try info(type, at: lp)
                    let ntags = try cur.count("element tag count", limit: 1000)
                    var tag: Int32 = 0
                    for t in 0..<ntags { let v = try cur.int("element tag"); if t == 0 { tag = Int32(truncatingIfNeeded: v) } }
                    for j in 0..<nn { ids[j] = try cur.int("element node \(j + 1) of \(nn)") }
                    if !cur.atEndOfLine() {
                        throw cur.error("element has more entries than its type \(type) (\(nn) nodes) allows", at: lp)
                    }
                    col.offset = lp
                    ids.withUnsafeBufferPointer { col.add(shape: shape, ids: $0, tag: tag, line: cur.lineNumber(at: lp)) }
                }
            }
            return
        }
        // MSH 4.x
        if binary {
            let nb = try cur.readUInt64("element block count")
            let total = try cur.readUInt64("element count")
            if version >= 4.1 { _ = try cur.readUInt64("min element tag"); _ = try cur.readUInt64("max element tag") }
            if total > limit / 8 { throw cur.error("element count \(total) larger than the file can hold", binary: true) }
            for _ in 0..<nb {
                let a = try cur.readInt32("entity"), b = try cur.readInt32("entity")
                let (entDim, entTag) = version >= 4.1 ? (a, b) : (b, a)
                let type = try cur.readInt32("element type")
                let m = try cur.readUInt64("elements in block")
                let (nn, shape) = try info(type, at: nil)
                let tag = entityPhysical[key(entDim, entTag)] ?? 0
                let width = version >= 4.1 ? 8 : 4
                try cur.need(width * (1 + nn) * m, "element block")
                for _ in 0..<m {
                    if version >= 4.1 {
                        _ = try cur.readUInt64("element tag")
                        for j in 0..<nn { ids[j] = try cur.readUInt64("element node") }
                    } else {
                        _ = try cur.readInt32("element tag")
                        for j in 0..<nn { ids[j] = try cur.readInt32("element node") }
                    }
                    ids.withUnsafeBufferPointer { col.add(shape: shape, ids: $0, tag: tag, line: nil) }
                }
            }
            cur.skipNewline()
        } else {
            let nb = try cur.count("number of element blocks", limit: limit)
            _ = try cur.count("number of elements", limit: limit / 4)
            if version >= 4.1 { _ = try cur.int("min element tag"); _ = try cur.int("max element tag") }
            for _ in 0..<nb {
                cur.skipWhitespace()
                let bp = cur.pos
                let a = try cur.int("entity"), b = try cur.int("entity")
                let (entDim, entTag) = version >= 4.1 ? (a, b) : (b, a)
                let type = try cur.int("element type")
                let m = try cur.count("elements in block", limit: limit / 4)
                let (nn, shape) = try info(type, at: bp)
                let tag = entityPhysical[key(entDim, entTag)] ?? 0
                for _ in 0..<m {
                    cur.skipWhitespace()
                    let lp = cur.pos
                    _ = try cur.int("element tag")
                    for j in 0..<nn { ids[j] = try cur.int("element node \(j + 1) of \(nn)") }
                    if !cur.atEndOfLine() {
                        throw cur.error("element has more entries than its type \(type) (\(nn) nodes) allows", at: lp)
                    }
                    col.offset = lp
                    ids.withUnsafeBufferPointer { col.add(shape: shape, ids: $0, tag: tag, line: nil) }
                }
            }
        }
    }
}
