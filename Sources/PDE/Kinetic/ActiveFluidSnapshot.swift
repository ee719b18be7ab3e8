import Foundation

/// A documented binary snapshot of the moment fields, for reduced-order-model work.
///
/// Layout (little-endian): 8-byte magic `SSKIN001`; Int64 n; Float64 L; Float64 time; then six
/// fields of n² Float64 each, in the order c, D11, D12, D22, u_x, u_y, every field row-major
/// with the x index first (value at x = L·i/n, y = L·j/n is entry i·n + j).
/// File size 32 + 48 n² bytes.
public struct ActiveFluidSnapshot: Sendable, Equatable {
    /// Grid size and box side.
    public var n: Int, length: Double
    /// Simulation time.
    public var time: Double
    /// Fields (n² values each).
    public var c: [Double], d11: [Double], d12: [Double], d22: [Double], ux: [Double], uy: [Double]

    /// A snapshot from fields; throws `KineticError` if a field has the wrong size.
    public init(n: Int, length: Double, time: Double, c: [Double], d11: [Double], d12: [Double], d22: [Double],
                ux: [Double], uy: [Double]) throws {
        for f in [c, d11, d12, d22, ux, uy] where f.count != n * n {
            throw KineticError("snapshot field has \(f.count) values, expected n² = \(n * n)")
        }
        self.n = n; self.length = length; self.time = time
        self.c = c; self.d11 = d11; self.d12 = d12; self.d22 = d22; self.ux = ux; self.uy = uy
    }

    /// The scalar order parameter s = 2|D − cI/2|/c per point (0 where c <= 0).
    public var orderParameterField: [Double] {
        var s = [Double](repeating: 0, count: n * n)
        for i in 0..<(n * n) where c[i] > 0 {
            let q11: Double = d11[i] - 0.5 * c[i], q12: Double = d12[i]
            s[i] = 2 * (q11 * q11 + q12 * q12).squareRoot() / c[i]
        }
        return s
    }

    /// Writes the binary file. Throws on I/O failure.
    public func write(to path: String) throws {
        var data = Data("SSKIN001".utf8)
        func put<T>(_ v: T) { withUnsafeBytes(of: v) { data.append(contentsOf: $0) } }
        put(Int64(n).littleEndian); put(length.bitPattern.littleEndian); put(time.bitPattern.littleEndian)
        for f in [c, d11, d12, d22, ux, uy] { for v in f { put(v.bitPattern.littleEndian) } }
        try data.write(to: URL(fileURLWithPath: path))
    }

    /// Reads a file written by `write`; throws `KineticError` for a bad magic, size or n.
    public static func read(from path: String) throws -> ActiveFluidSnapshot {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        guard data.count >= 32, String(decoding: data.prefix(8), as: UTF8.self) == "SSKIN001" else {
            throw KineticError("\(path): not an SSKIN001 snapshot")
        }
        let bytes = [UInt8](data)
        func u64(_ o: Int) -> UInt64 { (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[o + $1]) << (8 * UInt64($1)) } }
        let n = Int(Int64(bitPattern: u64(8)))
        guard n >= 1, n <= 1 << 14, data.count == 32 + 48 * n * n else {
            throw KineticError("\(path): n = \(n) does not match the file size \(data.count)")
        }
        let L = Double(bitPattern: u64(16)), t = Double(bitPattern: u64(24))
        var fields: [[Double]] = []
        for f in 0..<6 { fields.append((0..<(n * n)).map { Double(bitPattern: u64(32 + 8 * (f * n * n + $0))) }) }
        return try ActiveFluidSnapshot(n: n, length: L, time: t, c: fields[0], d11: fields[1], d12: fields[2],
                                       d22: fields[3], ux: fields[4], uy: fields[5])
    }
}
