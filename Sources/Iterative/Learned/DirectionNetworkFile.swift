import Foundation

/// The compact binary model format for `DirectionNetwork` (little-endian). Two versions:
/// ```
/// DCDMNET1 (the paper's one-pool network with biases; levels 0, bias on):
/// bytes 0-7   magic "DCDMNET1"
/// 5 × Int32   dimension, width, fullResolutionBlocks, halfResolutionBlocks, postUpsamplingBlocks
/// Int64       parameter count P
/// P × Float32 parameters in `DirectionNetwork.parameters` order
///
/// DCDMNET2 (any configuration; written whenever levels ≥ 1, bias is off, blocks are linear or upsampling
/// interpolates):
/// bytes 0-7   magic "DCDMNET2"
/// 8 × Int32   dimension, width, pre/full blocks, bottom/half blocks, post blocks,
///             levels (0 = one-pool network), coarsestCells, flags (bit 0: biases present,
///             bit 1: linear blocks, no ReLU; bit 2: linear interpolation upsampling;
///             bit 3: masked features; bit 4: ghost (Neumann) walls; bit 5: mirror walls)
/// Int64       parameter count P
/// P × Float32 parameters (per layer: weights [out][in][tap], then biases if present;
///             multilevel: the coarse-correction gain last)
/// ```
/// Size: 36 + 4·P (v1) or 48 + 4·P (v2) bytes. Both versions load.
public enum DirectionNetworkFile {
    static let magic1 = Array("DCDMNET1".utf8)
    static let magic2 = Array("DCDMNET2".utf8)

    /// Serialises the network (DCDMNET1 when the configuration fits it, else DCDMNET2).
    public static func encode(_ network: DirectionNetwork) -> Data {
        let c = network.configuration
        let v1 = c.levels == 0 && c.bias && !c.linear && !c.linearInterpolation && !c.masked && !c.ghostWalls && !c.mirrorWalls
        var d = Data(v1 ? magic1 : magic2)
        var fields = [c.dimension, c.width, c.fullResolutionBlocks, c.halfResolutionBlocks, c.postUpsamplingBlocks]
        if !v1 { fields += [c.levels, c.coarsestCells, (c.bias ? 1 : 0) | (c.linear ? 2 : 0) | (c.linearInterpolation ? 4 : 0) | (c.masked ? 8 : 0) | (c.ghostWalls ? 16 : 0) | (c.mirrorWalls ? 32 : 0)] }
        for v in fields {
            withUnsafeBytes(of: Int32(v).littleEndian) { d.append(contentsOf: $0) }
        }
        withUnsafeBytes(of: Int64(network.parameterCount).littleEndian) { d.append(contentsOf: $0) }
        for p in network.parameters { withUnsafeBytes(of: p.bitPattern.littleEndian) { d.append(contentsOf: $0) } }
        return d
    }

    /// Parses a model; `path` only names the source in errors.
    /// - Throws: `.badModelFile` (bad magic, truncated, count mismatch, unknown flags, non-finite
    ///   weights, invalid configuration).
    public static func decode(_ data: Data, path: String = "<data>") throws(DirectionNetworkError) -> DirectionNetwork {
        let bytes = [UInt8](data)
        guard bytes.count >= 8 else { throw .badModelFile(path: path, reason: "not a DCDM model (magic DCDMNET1/DCDMNET2 missing)") }
        let head = Array(bytes[0..<8])
        let v2: Bool
        if head == magic1 { v2 = false } else if head == magic2 { v2 = true } else {
            throw .badModelFile(path: path, reason: "not a DCDM model (magic DCDMNET1/DCDMNET2 missing)")
        }
        let nFields = v2 ? 8 : 5
        let header = 8 + 4 * nFields + 8
        guard bytes.count >= header else { throw .badModelFile(path: path, reason: "truncated header (\(bytes.count) bytes)") }
        func i32(_ o: Int) -> Int { Int(Int32(bitPattern: UInt32(bytes[o]) | UInt32(bytes[o + 1]) << 8 | UInt32(bytes[o + 2]) << 16 | UInt32(bytes[o + 3]) << 24)) }
        let f = (0..<nFields).map { i32(8 + 4 * $0) }
        var config = DirectionNetworkConfiguration(dimension: f[0], width: f[1], fullResolutionBlocks: f[2],
                                                   halfResolutionBlocks: f[3], postUpsamplingBlocks: f[4])
        if v2 {
            guard f[7] & ~63 == 0 else { throw .badModelFile(path: path, reason: "unknown flags \(f[7])") }
            config.levels = f[5]
            config.coarsestCells = f[6]
            config.bias = f[7] & 1 == 1
            config.linear = f[7] & 2 == 2
            config.linearInterpolation = f[7] & 4 == 4
            config.masked = f[7] & 8 == 8
            config.ghostWalls = f[7] & 16 == 16
            config.mirrorWalls = f[7] & 32 == 32
        }
        let co = header - 8
        let count = bytes[co..<header].enumerated().reduce(Int64(0)) { $0 | Int64($1.element) << (8 * $1.offset) }
        guard count >= 0, count <= 1 << 28, bytes.count == header + 4 * Int(count) else {
            throw .badModelFile(path: path, reason: "parameter count \(count) does not match file size \(bytes.count)")
        }
        var params = [Float](repeating: 0, count: Int(count))
        for k in 0..<Int(count) {
            let o = header + 4 * k
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
