import Foundation

/// Reader for Shewchuk's Triangle `.node` + `.ele` pairs (and TetGen's 3D variant with 4-node
/// elements). Either file of the pair may be named; the other is found by replacing the
/// extension. `#` starts a comment. Node numbering may start at 0 or 1 (taken from the first
/// node, as Triangle does). The first element attribute becomes the cell tag; node boundary
/// markers tag the topological boundary facets (a facet whose nodes share one marker gets it,
/// otherwise the smallest non-zero one). Second-order `.ele` files (6 nodes) keep the corners.
/// Bad input (missing file, wrong counts, non-numeric fields, undefined nodes) throws
/// `MeshError` with file and line. O(file size).
public enum TriangleReader {
    /// Reads `base.node` and `base.ele` where `path` is either of them.
    public static func read(_ path: String) throws(MeshError) -> Mesh {
        let base = (path as NSString).deletingPathExtension
        let nodePath = base + ".node", elePath = base + ".ele"
        let nodes = try ByteCursor(path: nodePath)
        let eles = try ByteCursor(path: elePath)
        return try parse(nodes: nodes, elements: eles)
    }

    /// Parses in-memory `.node` and `.ele` text (tests).
    public static func parse(nodeText: String, eleText: String) throws(MeshError) -> Mesh {
        try parse(nodes: ByteCursor(text: nodeText, name: "<memory>.node"), elements: ByteCursor(text: eleText, name: "<memory>.ele"))
    }

    /// Next data line split into fields (comments removed); nil at end of file.
    static func fields(_ cur: ByteCursor) -> (fields: [Substring], pos: Int)? {
        while !cur.atEnd {
            let p = cur.pos
            var l = cur.restOfLine()
            if let h = l.firstIndex(of: "#") { l = String(l[..<h]) }
            let f = l.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
            if !f.isEmpty { return (f, p) }
        }
        return nil
    }

    static func parse(nodes: ByteCursor, elements: ByteCursor) throws(MeshError) -> Mesh {
        guard let (h, hp) = fields(nodes) else { throw nodes.error("empty .node file", at: 0) }
        guard h.count >= 2, let n = Int(h[0]), let dim = Int(h[1]) else {
            throw nodes.error("bad .node header (expected: #nodes dimension #attributes #markers)", at: hp)
        }
        let nattr = h.count > 2 ? Int(h[2]) ?? -1 : 0
        let nmark = h.count > 3 ? Int(h[3]) ?? -1 : 0
        guard n >= 0, n <= nodes.count / 4, dim == 2 || dim == 3, nattr >= 0, nmark == 0 || nmark == 1 else {
            throw nodes.error("bad .node header: \(n) nodes, dimension \(dim), \(nattr) attributes, \(nmark) markers", at: hp)
        }
        var points = [Double](repeating: 0, count: 3 * n)
        var markers = [Int32](repeating: 0, count: n)
        var firstIndex = 0
        for i in 0..<n {
            guard let (f, p) = fields(nodes) else { throw nodes.error("file ends after \(i) of \(n) nodes") }
            guard f.count >= 1 + dim + nattr + nmark, let id = Int(f[0]) else {
                throw nodes.error("node line needs \(1 + dim + nattr + nmark) fields, has \(f.count)", at: p)
            }
            if i == 0 { firstIndex = id; guard id == 0 || id == 1 else { throw nodes.error("first node is numbered \(id), expected 0 or 1", at: p) } }
            guard id == i + firstIndex else { throw nodes.error("node numbered \(id), expected \(i + firstIndex)", at: p) }
            for d in 0..<dim {
                guard let v = Double(f[1 + d]), v.isFinite else { throw nodes.error("bad coordinate '\(f[1 + d])'", at: p) }
                points[3 * i + d] = v
            }
            if nmark == 1 {
                guard let m = Int32(f[1 + dim + nattr]) else { throw nodes.error("bad boundary marker '\(f[1 + dim + nattr])'", at: p) }
                markers[i] = m
            }
        }
        guard let (eh, ehp) = fields(elements) else { throw elements.error("empty .ele file", at: 0) }
        guard eh.count >= 2, let ne = Int(eh[0]), let npe = Int(eh[1]) else {
            throw elements.error("bad .ele header (expected: #elements nodes-per-element #attributes)", at: ehp)
        }
        let neattr = eh.count > 2 ? Int(eh[2]) ?? -1 : 0
        let corners = dim + 1
        guard ne >= 0, ne <= elements.count / 4, neattr >= 0, npe >= corners, npe == corners || npe == (dim == 2 ? 6 : 10) else {
            throw elements.error("bad .ele header: \(ne) elements, \(npe) nodes each, \(neattr) attributes (dimension \(dim))", at: ehp)
        }
        var cells = [Int32](repeating: 0, count: corners * ne)
        var tags = [Int32](repeating: 0, count: ne)
        for e in 0..<ne {
            guard let (f, p) = fields(elements) else { throw elements.error("file ends after \(e) of \(ne) elements") }
            guard f.count >= 1 + npe + neattr else { throw elements.error("element line needs \(1 + npe + neattr) fields, has \(f.count)", at: p) }
            for c in 0..<corners {
                guard let v = Int(f[1 + c]), v - firstIndex >= 0, v - firstIndex < n else {
                    throw elements.error("element references undefined node '\(f[1 + c])' (nodes are \(firstIndex)...\(n - 1 + firstIndex))", at: p)
                }
                cells[corners * e + c] = Int32(v - firstIndex)
            }
            if neattr > 0, let a = Double(f[1 + npe]) { tags[e] = Int32(clamping: Int(a.rounded())) }
        }
        var mesh = Mesh(points: points, cellDimension: dim, cells: cells, cellTags: tags, source: nodes.file)
        try mesh.validate()
        let bf = mesh.boundaryFacets()
        var ftags = [Int32](repeating: 0, count: bf.count / dim)
        if nmark == 1 {
            for f in 0..<ftags.count {
                let ms = (0..<dim).map { markers[Int(bf[dim * f + $0])] }
                if Set(ms).count == 1 { ftags[f] = ms[0] } else { ftags[f] = ms.filter { $0 != 0 }.min() ?? 0 }
            }
        }
        mesh.facets = bf
        mesh.facetTags = ftags
        try mesh.validate()
        return mesh
    }
}
