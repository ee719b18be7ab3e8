import Foundation

/// A small, dependency-free SVG line chart: several named series, optional log-scaled y axis,
/// ticks, a legend. Used by every CLI command that plots (convergence benchmarks, BCD objective
/// curves, bandit regret). Non-finite and (on a log axis) non-positive points are skipped.
struct SVGLinePlot {
    /// One curve.
    struct Series {
        var name: String
        var x: [Double]
        var y: [Double]
    }

    var title: String
    var xLabel: String
    var yLabel: String
    var logY: Bool = true
    var width: Double = 760
    var height: Double = 480
    var series: [Series] = []

    private static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b",
                                  "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"]

    init(title: String, xLabel: String, yLabel: String, logY: Bool = true) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.logY = logY
    }

    mutating func add(_ name: String, x: [Double], y: [Double]) {
        series.append(Series(name: name, x: x, y: y))
    }

    private func usable(_ x: Double, _ y: Double) -> Bool {
        x.isFinite && y.isFinite && (!logY || y > 0)
    }

    /// The chart as a complete SVG document.
    func render() -> String {
        let left = 80.0, right = 190.0, top = 40.0, bottom = 56.0
        let pw = width - left - right, ph = height - top - bottom
        var xs: [Double] = [], ys: [Double] = []
        for s in series {
            for (x, y) in zip(s.x, s.y) where usable(x, y) {
                xs.append(x); ys.append(logY ? log10(y) : y)
            }
        }
        var xMin = xs.min() ?? 0, xMax = xs.max() ?? 1
        var yMin = ys.min() ?? 0, yMax = ys.max() ?? 1
        if xMax <= xMin { xMax = xMin + 1 }
        if yMax <= yMin { yMin -= 0.5; yMax += 0.5 }
        if logY { yMin = floor(yMin); yMax = ceil(yMax) }
        xMin = min(xMin, 0) == 0 && xMin >= 0 ? 0 : xMin
        func px(_ x: Double) -> Double { left + (x - xMin) / (xMax - xMin) * pw }
        func py(_ y: Double) -> Double { top + (1 - (y - yMin) / (yMax - yMin)) * ph }

        var out = """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" \
        font-family="sans-serif" font-size="12">
        <rect width="100%" height="100%" fill="white"/>
        <text x="\(left + pw / 2)" y="22" text-anchor="middle" font-size="15">\(Self.escape(title))</text>
        <rect x="\(left)" y="\(top)" width="\(pw)" height="\(ph)" fill="none" stroke="#333"/>

        """
        // y ticks
        let yTicks: [Double]
        if logY {
            let step = max(1.0, ((yMax - yMin) / 8).rounded(.up))
            yTicks = Array(stride(from: yMin, through: yMax, by: step))
        } else {
            yTicks = Self.niceTicks(yMin, yMax)
        }
        for t in yTicks {
            let y = py(t)
            let label = logY ? "1e\(Int(t))" : Self.format(t)
            out += "<line x1=\"\(left)\" y1=\"\(y)\" x2=\"\(left + pw)\" y2=\"\(y)\" stroke=\"#ddd\"/>\n"
            out += "<text x=\"\(left - 6)\" y=\"\(y + 4)\" text-anchor=\"end\">\(label)</text>\n"
        }
        for t in Self.niceTicks(xMin, xMax) {
            let x = px(t)
            out += "<line x1=\"\(x)\" y1=\"\(top)\" x2=\"\(x)\" y2=\"\(top + ph)\" stroke=\"#eee\"/>\n"
            out += "<text x=\"\(x)\" y=\"\(top + ph + 18)\" text-anchor=\"middle\">\(Self.format(t))</text>\n"
        }
        out += "<text x=\"\(left + pw / 2)\" y=\"\(height - 12)\" text-anchor=\"middle\">\(Self.escape(xLabel))</text>\n"
        out += "<text x=\"18\" y=\"\(top + ph / 2)\" text-anchor=\"middle\" transform=\"rotate(-90 18 \(top + ph / 2))\">\(Self.escape(yLabel))</text>\n"
        for (i, s) in series.enumerated() {
            let color = Self.palette[i % Self.palette.count]
            var points: [String] = []
            for (x, y) in zip(s.x, s.y) where usable(x, y) {
                points.append(String(format: "%.2f,%.2f", px(x), py(logY ? log10(y) : y)))
            }
            if points.count == 1 {
                let p = points[0].split(separator: ",")
                out += "<circle cx=\"\(p[0])\" cy=\"\(p[1])\" r=\"3\" fill=\"\(color)\"/>\n"
            } else if !points.isEmpty {
                out += "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.6\" points=\"\(points.joined(separator: " "))\"/>\n"
            }
            let ly = top + 14 + Double(i) * 18
            out += "<line x1=\"\(left + pw + 12)\" y1=\"\(ly - 4)\" x2=\"\(left + pw + 36)\" y2=\"\(ly - 4)\" stroke=\"\(color)\" stroke-width=\"2\"/>\n"
            out += "<text x=\"\(left + pw + 42)\" y=\"\(ly)\">\(Self.escape(s.name))</text>\n"
        }
        out += "</svg>\n"
        return out
    }

    /// Writes the chart; errors become a one-line CLI failure.
    func write(to path: String) throws {
        try render().write(toFile: path, atomically: true, encoding: .utf8)
    }

    static func niceTicks(_ lo: Double, _ hi: Double, count: Int = 6) -> [Double] {
        let span = hi - lo
        guard span > 0, span.isFinite else { return [lo] }
        let raw = span / Double(count)
        let mag = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 2.5, 5, 10].map { $0 * mag }.first { $0 >= raw } ?? raw
        var t = (lo / step).rounded(.up) * step
        var ticks: [Double] = []
        while t <= hi + step * 1e-9 { ticks.append(t); t += step }
        return ticks
    }

    static func format(_ v: Double) -> String {
        if v == v.rounded() && abs(v) < 1e6 { return String(Int(v)) }
        return String(format: "%.3g", v)
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}
