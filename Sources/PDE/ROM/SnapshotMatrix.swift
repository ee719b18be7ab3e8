/// Snapshots `u_1, …, u_m` of length `n`, appended one at a time (streaming collection from a
/// solver). Memory `n·m` doubles. Append rejects a wrong length or non-finite entries.
public struct SnapshotMatrix: Sendable {
    /// Length of every snapshot.
    public let length: Int
    /// The snapshots in the order appended.
    public private(set) var columns: [[Double]] = []

    /// An empty collection of snapshots of length `length ≥ 1`.
    public init(length: Int) throws(ROMError) {
        guard length >= 1 else { throw ROMError("snapshot length \(length) must be >= 1") }
        self.length = length
    }

    /// Number of snapshots.
    public var count: Int { columns.count }

    /// Appends one snapshot. Throws for a wrong length or a NaN/∞ entry.
    public mutating func append(_ u: [Double]) throws(ROMError) {
        guard u.count == length else { throw ROMError("snapshot has \(u.count) entries, expected \(length)") }
        guard u.allSatisfy({ $0.isFinite }) else { throw ROMError("snapshot \(columns.count) has a non-finite entry") }
        columns.append(u)
    }

    /// Column-major `length × count` copy (for LAPACK).
    public func columnMajor() -> [Double] {
        var a = [Double](repeating: 0, count: length * count)
        for (j, c) in columns.enumerated() { for i in 0..<length { a[j * length + i] = c[i] } }
        return a
    }
}
