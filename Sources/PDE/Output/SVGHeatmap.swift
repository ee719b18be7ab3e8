import Foundation

/// A 2D heat map of nodal values on a structured grid as SVG (one rectangle per node, a
/// blue-white-red diverging or viridis-like colour map, a colour bar with the min/max).
/// Large grids are subsampled to at most `maxCells` rectangles per axis so files stay small.
public enum SVGHeatmap {
    /// SVG text for `values` (x fastest, `nx·ny` entries).
    /// - Precondition: `values.count == nx * ny`, `nx, ny ≥ 1`.
    public static func render(values: [Double], nx: Int, ny: Int, title: String = "", maxCells: Int = 256, pixels: Int = 512) -> String {
        precondition(nx >= 1 && ny >= 1 && values.count == nx * ny, "SVGHeatmap: \(values.count) values for \(nx)x\(ny)")
        let finite = values.filter { $0.isFinite }
        let lo = finite.min() ?? 0, hi = finite.max() ?? 1
        let span = hi > lo ? hi - lo : 1
        let sx = max(1, (nx + maxCells - 1) / maxCells), sy = max(1, (ny + maxCells - 1) / maxCells)
        let cx = (nx + sx - 1) / sx, cy = (ny + sy - 1) / sy
        let cell = Double(pixels) / Double(max(cx, cy))
        let w = Double(cx) * cell, h = Double(cy) * cell
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(w) + 90)\" height=\"\(Int(h) + 40)\" shape-rendering=\"crispEdges\">\n"
        s += "<text x=\"4\" y=\"16\" font-family=\"sans-serif\" font-size=\"13\">\(escape(title))</text>\n<g transform=\"translate(0,24)\">\n"
        for j in 0..<cy {
            for i in 0..<cx {
                let v = values[(j * sy) * nx + i * sx]
                let t = v.isFinite ? (v - lo) / span : 0
                // y up: row 0 at the bottom
                s += String(format: "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"%@\"/>\n",
                            Double(i) * cell, h - Double(j + 1) * cell, cell + 0.3, cell + 0.3, color(t))
            }
        }
        // colour bar
        for b in 0..<50 {
            let t = Double(b) / 49
            s += String(format: "<rect x=\"%.1f\" y=\"%.2f\" width=\"16\" height=\"%.2f\" fill=\"%@\"/>\n", w + 10, h - Double(b + 1) * h / 50, h / 50 + 0.3, color(t))
        }
        s += String(format: "<text x=\"%.1f\" y=\"12\" font-family=\"sans-serif\" font-size=\"11\">%.3g</text>\n", w + 30, hi)
        s += String(format: "<text x=\"%.1f\" y=\"%.1f\" font-family=\"sans-serif\" font-size=\"11\">%.3g</text>\n", w + 30, h, lo)
        s += "</g>\n</svg>\n"
        return s
    }

    /// Viridis-like colour for t in [0, 1] (5-stop piecewise-linear approximation).
    static func color(_ t: Double) -> String {
        let stops: [(Double, Double, Double)] = [(68, 1, 84), (59, 82, 139), (33, 145, 140), (94, 201, 98), (253, 231, 37)]
        let x = min(max(t, 0), 1) * Double(stops.count - 1)
        let i = min(Int(x), stops.count - 2)
        let f = x - Double(i)
        let a = stops[i], b = stops[i + 1]
        return String(format: "#%02x%02x%02x", Int(a.0 + f * (b.0 - a.0)), Int(a.1 + f * (b.1 - a.1)), Int(a.2 + f * (b.2 - a.2)))
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
