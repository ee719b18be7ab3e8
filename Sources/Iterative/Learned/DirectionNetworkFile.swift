import Foundation

/// The compact binary model format for `DirectionNetwork` (little-endian):
/// ```
/// bytes 0-7   magic "DCDMNET1"
/// 5 × Int32   dimension, width, fullResolutionBlocks, halfResolutionBlocks, postUpsamplingBlocks
/// Int64       parameter count P
/// P × Float32 parameters in `DirectionNetwork.parameters` order
/// ```
/// Size: 36 + 4·P bytes (the default 2-D width-16 2/3/2 network: about 80 KB).
public enum DirectionNetworkFile {
    static let magic = Array("DCDMNET1".utf8)

    /// Serialises the network.
    public static func encode(_ network: DirectionNetwork) -> Data {
        var d = Data(magic)
        let c = network.configuration
        for v in [c.dimension, c.width, c.fullResolutionBlocks, c.halfResolutionBlocks, c.postUpsamplingBlocks] {
            withUnsafeBytes(of: Int32(v).littleEndian) { d.append(contentsOf: $0) }
        }
        withUnsafeBytes(of: Int64(network.parameterCount).littleEndian) { d.append(contentsOf: $0) }
        for p in network.parameters { withUnsafeBytes(of: p.bitPattern.littleEndian) { d.append(contentsOf: $0) } }
        return d
    }

    /// Parses a model; `path` only names the source in errors.
    /// - Throws: `.badModelFile` (bad magic, truncated, count mismatch, non-finite weights) or
    ///   `.invalidConfiguration`.
    public static func decode(_ data: Data, path: String = "<data>") throws(DirectionNetworkError) -> DirectionNetwork {
        let bytes = [UInt8](data)
        guard bytes.count >= 36, Array(bytes[0..<8]) == magic else {
            throw .badModelFile(path: path, reason: "not a DCDM model (magic DCDMNET1 missing)")
        }
        func i32(_ o: Int) -> Int { Int(Int32(littleEndian: bytes[o..<(o + 4)].enumerated().reduce(0) { $0 | Int32($1.element) << (8 * $1.offset) })) }
        let count = bytes[28..<36].enumerated().reduce(Int64(0)) { $0 | Int64($1.element) << (8 * $1.offset) }
        let config = DirectionNetworkConfiguration(dimension: i32(8), width: i32(12), fullResolutionBlocks: i32(16),
                                                   halfResolutionBlocks: i32(20), postUpsamplingBlocks: i32(24))
        guard count >= 0, count <= 1 << 28, bytes.count == 36 + 4 * Int(count) else {
            throw .badModelFile(path: path, reason: "parameter count \(count) does not match file size \(bytes.count)")
        }
        var params = [Float](repeating: 0, count: Int(count))
        for k in 0..<Int(count) {
            let o = 36 + 4 * k
            let bits = UInt32(bytes[o]) | UInt32(bytes[o + 1]) << 8 | UInt32(bytes[o + 2]) << 16 | UInt32(bytes[o + 3]) << 24
            let v = Float(bitPattern: bits)
            guard v.isFinite else { throw .badModelFile(path: path, reason: "parameter \(k) is not finite") }
            params[k] = v
        }
        do {
            return try DirectionNetwork(configuration: config, parameters: params)
        } catch {
            throw .badModelFile(path: path, reason: error.description)
        }
    }

    /// Writes the model to `path`.
    /// - Throws: `.badModelFile` when the file cannot be written.
    public static func save(_ network: DirectionNetwork, to path: String) throws(DirectionNetworkError) {
        do { try encode(network).write(to: URL(fileURLWithPath: path)) } catch {
            throw .badModelFile(path: path, reason: "cannot write: \(error.localizedDescription)")
        }
    }

    /// Reads a model from `path`.
    /// - Throws: `.badModelFile` (unreadable or malformed).
    public static func load(from path: String) throws(DirectionNetworkError) -> DirectionNetwork {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw .badModelFile(path: path, reason: "cannot read: \(error.localizedDescription)")
        }
        return try decode(data, path: path)
    }
}
