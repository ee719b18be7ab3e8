import Foundation

/// Writes meshes and grid solutions as VTK XML unstructured grids (`.vtu`, ASCII), readable by
/// ParaView and VisIt. Point data arrays are named; cell data carries the physical tag.
public enum VTUWriter {
    /// VTU text for a simplicial mesh with nodal fields `pointData` (each `nodeCount` long).
    /// - Precondition: every field has one value per node.
    public static func render(mesh: Mesh, pointData: [(name: String, values: [Double])]) -> String {
        let np = mesh.nodeCount, nc = mesh.cellCount, k = mesh.nodesPerCell
        let type = mesh.cellDimension == 2 ? 5 : 10   // VTK_TRIANGLE, VTK_TETRA
        var conn = [Int](); conn.reserveCapacity(mesh.cells.count)
        for v in mesh.cells { conn.append(Int(v)) }
        return render(points: mesh.points, connectivity: conn, nodesPerCell: k, cellType: type, cellCount: nc,
                      pointCount: np, pointData: pointData, cellTags: mesh.cellTags)
    }

    /// VTU text for a structured grid's nodes as cells of type line/pixel/voxel connecting
    /// neighbouring nodes (boundary faces of Dirichlet type are not drawn, the solution lives on
    /// the unknown nodes). `pointData` fields have `grid.nodeCount` entries.
    public static func render(grid: PoissonGrid, pointData: [(name: String, values: [Double])]) -> String {
        let (nx, ny, nz) = grid.counts3
        var pts: [Double] = []
        pts.reserveCapacity(3 * grid.nodeCount)
        for k in 0..<nz { for j in 0..<ny { for i in 0..<nx { let p = grid.point(i, j, k); pts += [p.0, p.1, p.2] } } }
        var conn: [Int] = []
        func v(_ i: Int, _ j: Int, _ k: Int) -> Int { (k * ny + j) * nx + i }
        var count = 0
        switch grid.dimension {
        case 1:
            for i in 0..<(nx - 1) { conn += [v(i, 0, 0), v(i + 1, 0, 0)]; count += 1 }
        case 2:
            for j in 0..<(ny - 1) { for i in 0..<(nx - 1) { conn += [v(i, j, 0), v(i + 1, j, 0), v(i, j + 1, 0), v(i + 1, j + 1, 0)]; count += 1 } }
        default:
            for k in 0..<(nz - 1) { for j in 0..<(ny - 1) { for i in 0..<(nx - 1) {
                conn += [v(i, j, k), v(i + 1, j, k), v(i, j + 1, k), v(i + 1, j + 1, k),
                         v(i, j, k + 1), v(i + 1, j, k + 1), v(i, j + 1, k + 1), v(i + 1, j + 1, k + 1)]
                count += 1
            } } }
        }
        let type = [3, 8, 11][grid.dimension - 1]   // VTK_LINE, VTK_PIXEL, VTK_VOXEL
        return render(points: pts, connectivity: conn, nodesPerCell: 1 << grid.dimension, cellType: type, cellCount: count,
                      pointCount: grid.nodeCount, pointData: pointData, cellTags: nil)
    }

    static func render(points: [Double], connectivity: [Int], nodesPerCell: Int, cellType: Int, cellCount: Int, pointCount: Int,
                       pointData: [(name: String, values: [Double])], cellTags: [Int32]?) -> String {
        for f in pointData { precondition(f.values.count == pointCount, "VTUWriter: field \(f.name) has \(f.values.count) values, \(pointCount) points") }
        var s = "<?xml version=\"1.0\"?>\n<VTKFile type=\"UnstructuredGrid\" version=\"0.1\" byte_order=\"LittleEndian\">\n<UnstructuredGrid>\n"
        s += "<Piece NumberOfPoints=\"\(pointCount)\" NumberOfCells=\"\(cellCount)\">\n"
        s += "<PointData>\n"
        for f in pointData {
            s += "<DataArray type=\"Float64\" Name=\"\(f.name)\" format=\"ascii\">\n"
            s += f.values.map { $0.isFinite ? "\($0)" : "0" }.joined(separator: " ") + "\n</DataArray>\n"
        }
        s += "</PointData>\n"
        if let t = cellTags {
            s += "<CellData>\n<DataArray type=\"Int32\" Name=\"physical\" format=\"ascii\">\n"
            s += t.map { String($0) }.joined(separator: " ") + "\n</DataArray>\n</CellData>\n"
        }
        s += "<Points>\n<DataArray type=\"Float64\" NumberOfComponents=\"3\" format=\"ascii\">\n"
        s += points.map { "\($0)" }.joined(separator: " ") + "\n</DataArray>\n</Points>\n"
        s += "<Cells>\n<DataArray type=\"Int64\" Name=\"connectivity\" format=\"ascii\">\n"
        s += connectivity.map { String($0) }.joined(separator: " ") + "\n</DataArray>\n"
        s += "<DataArray type=\"Int64\" Name=\"offsets\" format=\"ascii\">\n"
        s += (1...max(cellCount, 1)).prefix(cellCount).map { String($0 * nodesPerCell) }.joined(separator: " ") + "\n</DataArray>\n"
        s += "<DataArray type=\"UInt8\" Name=\"types\" format=\"ascii\">\n"
        s += [String](repeating: String(cellType), count: cellCount).joined(separator: " ") + "\n</DataArray>\n"
        s += "</Cells>\n</Piece>\n</UnstructuredGrid>\n</VTKFile>\n"
        return s
    }

    /// Writes `text` to `path`, throwing the underlying I/O error.
    public static func write(_ text: String, to path: String) throws {
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }
}
