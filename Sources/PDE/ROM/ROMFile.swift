import Foundation

/// What `ROMFile.load` returns: the kind tag, numeric metadata, the model's JSON and the basis.
public struct ROMFileContents: Sendable {
    /// Kind tag written by `save` (e.g. "poisson-subdomains").
    public let kind: String
    /// Numeric metadata (problem sizes, training settings).
    public let info: [String: Double]
    /// The JSON of the whole header (kind, info, model); decode the model with `ROMFile.model`.
    public let headerJSON: Data
    /// Basis vectors (all of one length).
    public let vectors: [[Double]]
}

/// Save/load of a trained ROM in one binary file with a header:
/// ```
/// bytes 0..<8   magic "SSROM001"
/// UInt64 LE     header length H
/// H bytes       UTF-8 JSON {"kind": String, "info": {String: Double}, "model": <Codable model>}
/// UInt64 LE     vector count K
/// UInt64 LE     vector length L
/// K·L Float64 LE  basis vectors, one after the other
/// ```
/// Small reduced data live in the JSON (readable, diffable); the large basis is raw binary.
/// Loading checks the magic, every length against the file size (no absurd allocation) and
/// decodes with typed errors naming the file.
public enum ROMFile {
    static let magic = Array("SSROM001".utf8)

    struct Envelope<M: Codable>: Codable { var kind: String; var info: [String: Double]; var model: M }
    struct Header: Codable { var kind: String; var info: [String: Double] }

    /// Writes `model` with its `kind`, `info` and basis `vectors` to `path`. Throws when the
    /// vectors have different lengths, the model cannot be encoded or the file cannot be written.
    public static func save<M: Codable>(_ model: M, kind: String, info: [String: Double], vectors: [[Double]], to path: String) throws(ROMError) {
        let length = vectors.first?.count ?? 0
        guard vectors.allSatisfy({ $0.count == length }) else { throw ROMError("\(path): basis vectors differ in length") }
        let json: Data
        do { json = try JSONEncoder().encode(Envelope(kind: kind, info: info, model: model)) } catch {
            throw ROMError("\(path): cannot encode the ROM: \(error)")
        }
        var d = Data(magic)
        func put(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { d.append(contentsOf: $0) } }
        put(UInt64(json.count)); d.append(json)
        put(UInt64(vectors.count)); put(UInt64(length))
        d.reserveCapacity(d.count + 8 * vectors.count * length)
        for v in vectors { for x in v { withUnsafeBytes(of: x.bitPattern.littleEndian) { d.append(contentsOf: $0) } } }
        do { try d.write(to: URL(fileURLWithPath: path)) } catch { throw ROMError("\(path): cannot write: \(error)") }
    }

    /// Reads a file written by `save`. Throws `ROMError` naming the file for a missing file, a
    /// wrong magic, truncation, inconsistent lengths or malformed JSON.
    public static func load(_ path: String) throws(ROMError) -> ROMFileContents {
        let d: Data
        do { d = try Data(contentsOf: URL(fileURLWithPath: path)) } catch { throw ROMError("\(path): cannot read: \(error)") }
        let bytes = [UInt8](d)
        guard bytes.count >= 8, Array(bytes[0..<8]) == magic else { throw ROMError("\(path): not a SolverSuite ROM file (bad magic)") }
        var pos = 8
        func u64() throws(ROMError) -> UInt64 {
            guard pos + 8 <= bytes.count else { throw ROMError("\(path): truncated at byte \(pos)") }
            var v: UInt64 = 0
            for k in 0..<8 { v |= UInt64(bytes[pos + k]) << (8 * UInt64(k)) }
            pos += 8
            return v
        }
        let h = try u64()
        guard h <= UInt64(bytes.count - pos) else { throw ROMError("\(path): header length \(h) exceeds the file") }
        let json = Data(bytes[pos..<(pos + Int(h))]); pos += Int(h)
        let k = try u64(), l = try u64()
        let remaining = UInt64(bytes.count - pos)
        guard l == 0 || k <= remaining / 8 / l, k * l * 8 == remaining else {
            throw ROMError("\(path): basis of \(k) × \(l) doubles does not match the \(remaining) bytes left")
        }
        var vectors: [[Double]] = []
        vectors.reserveCapacity(Int(k))
        for _ in 0..<Int(k) {
            var v = [Double](repeating: 0, count: Int(l))
            for i in 0..<Int(l) {
                var b: UInt64 = 0
                for t in 0..<8 { b |= UInt64(bytes[pos + t]) << (8 * UInt64(t)) }
                v[i] = Double(bitPattern: b)
                pos += 8
            }
            vectors.append(v)
        }
        let header: Header
        do { header = try JSONDecoder().decode(Header.self, from: json) } catch { throw ROMError("\(path): malformed header JSON: \(error)") }
        return ROMFileContents(kind: header.kind, info: header.info, headerJSON: json, vectors: vectors)
    }

    /// Decodes the model of a loaded file as `M`. Throws when the JSON does not fit `M`.
    public static func model<M: Codable>(_ type: M.Type, from c: ROMFileContents) throws(ROMError) -> M {
        do { return try JSONDecoder().decode(Envelope<M>.self, from: c.headerJSON).model } catch {
            throw ROMError("ROM file of kind \(c.kind): model does not decode as \(M.self): \(error)")
        }
    }
}

/// The small (non-basis) part of a `TimeSeriesROM`, for `ROMFile`.
public struct TimeSeriesROMData: Codable, Sendable {
    /// A_r column-major.
    public var reducedOperator: [Double]
    /// c_r.
    public var offset: [Double]
    /// Training singular values.
    public var singularValues: [Double]
}

extension TimeSeriesROM {
    /// The JSON part for saving (the basis goes in the file's vector block).
    public var data: TimeSeriesROMData { TimeSeriesROMData(reducedOperator: reducedOperator, offset: offset, singularValues: singularValues) }

    /// Rebuilds a ROM from saved data and basis vectors.
    public init(data: TimeSeriesROMData, basisVectors: [[Double]]) throws(ROMError) {
        guard let n = basisVectors.first?.count else { throw ROMError("time-series ROM file has no basis") }
        try self.init(basis: try ReducedBasis(dimension: n, innerProduct: .euclidean, orthonormalVectors: basisVectors),
                      reducedOperator: data.reducedOperator, offset: data.offset, singularValues: data.singularValues)
    }
}
