#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CZlib

/// File input/output and gzip (de)compression for the Matrix Market reader and writer.
///
/// Files are read whole into memory with `read(2)` (one copy, no per-line system calls); data that
/// starts with the gzip magic bytes `1f 8b` is inflated with zlib regardless of the file name, with its
/// decompressed size capped by `MatrixMarketReadOptions.maxDecompressedBytes`. Paths ending in `.gz`
/// are written gzip-compressed.
enum MatrixMarketIO {
    static func ioError(_ path: String, _ what: String) -> MatrixMarketError {
        let message = String(cString: strerror(errno))
        return MatrixMarketError(kind: .io, file: path, line: 0, reason: "\(what): \(message)")
    }

    /// Reads the whole file. Throws `.io` if it cannot be opened or read.
    static func readFile(_ path: String) throws(MatrixMarketError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ioError(path, "cannot open") }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw ioError(path, "cannot stat") }
        if (st.st_mode & S_IFMT) == S_IFDIR {
            throw MatrixMarketError(kind: .io, file: path, line: 0, reason: "is a directory")
        }
        // Read straight into uninitialised storage sized from fstat (no zero fill, no copy); a file that
        // grows meanwhile (or a pipe reporting size 0) continues in a chunked loop.
        let expected = Swift.max(Int(st.st_size), 0)
        var failed = false
        var bytes = [UInt8](unsafeUninitializedCapacity: expected) { buffer, initialized in
            var filled = 0
            while filled < expected {
                let n = read(fd, buffer.baseAddress! + filled, expected - filled)
                if n < 0 { if errno == EINTR { continue }; failed = true; break }
                if n == 0 { break }
                filled += n
            }
            initialized = filled
        }
        if failed { throw ioError(path, "read failed") }
        if bytes.count == expected {
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let n = chunk.withUnsafeMutableBytes { b in read(fd, b.baseAddress!, b.count) }
                if n < 0 { if errno == EINTR { continue }; throw ioError(path, "read failed") }
                if n == 0 { break }
                bytes.append(contentsOf: chunk[0..<n])
            }
        }
        return bytes
    }

    /// Whether the data starts with the gzip magic bytes.
    static func isGzip(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B
    }

    /// Inflates gzip (or zlib) data, including concatenated gzip members.
    /// Throws `.gzip` for corrupt or truncated streams and `.tooLarge` beyond `limit` bytes.
    static func gunzip(_ input: UnsafeBufferPointer<UInt8>, name: String, limit: Int) throws(MatrixMarketError) -> [UInt8] {
        var stream = z_stream()
        var rc = inflateInit2_(&stream, 15 + 32, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard rc == Z_OK else {
            throw MatrixMarketError(kind: .gzip, file: name, line: 0, reason: "zlib initialisation failed (\(rc))")
        }
        defer { inflateEnd(&stream) }
        var output = [UInt8]()
        output.reserveCapacity(Swift.min(limit, input.count.multipliedReportingOverflow(by: 4).partialValue))
        let chunk = 1 << 18
        var buffer = [UInt8](repeating: 0, count: chunk)
        var consumed = 0
        stream.next_in = nil
        stream.avail_in = 0
        while true {
            if stream.avail_in == 0 && consumed < input.count {
                let take = Swift.min(input.count - consumed, 1 << 30)
                stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress! + consumed)
                stream.avail_in = UInt32(take)
                consumed += take
            }
            let before = stream.avail_in
            rc = buffer.withUnsafeMutableBufferPointer { b in
                stream.next_out = b.baseAddress
                stream.avail_out = UInt32(chunk)
                return inflate(&stream, Z_NO_FLUSH)
            }
            let produced = chunk - Int(stream.avail_out)
            if output.count + produced > limit {
                throw MatrixMarketError(kind: .tooLarge, file: name, line: 0,
                                        reason: "decompressed data exceeds the limit of \(limit) bytes (MatrixMarketReadOptions.maxDecompressedBytes)")
            }
            output.append(contentsOf: buffer[0..<produced])
            if rc == Z_STREAM_END {
                // Another gzip member may follow (concatenated .gz files).
                if stream.avail_in == 0 && consumed == input.count { break }
                if inflateReset(&stream) != Z_OK {
                    throw MatrixMarketError(kind: .gzip, file: name, line: 0, reason: "corrupt gzip data after a complete member")
                }
                continue
            }
            if rc == Z_BUF_ERROR || (rc == Z_OK && produced == 0 && before == stream.avail_in) {
                if stream.avail_in == 0 && consumed == input.count {
                    throw MatrixMarketError(kind: .gzip, file: name, line: 0, reason: "gzip data is truncated")
                }
                continue
            }
            guard rc == Z_OK else {
                let message = stream.msg.map { String(cString: $0) } ?? "error \(rc)"
                throw MatrixMarketError(kind: .gzip, file: name, line: 0, reason: "corrupt gzip data: \(message)")
            }
        }
        return output
    }

    /// Writes `bytes` to `path`, gzip-compressed when the path ends in `.gz`. Throws `.io` on failure.
    static func writeFile(_ path: String, _ bytes: [UInt8]) throws(MatrixMarketError) {
        if path.hasSuffix(".gz") {
            guard let gz = gzopen(path, "wb6") else { throw ioError(path, "cannot create") }
            var offset = 0
            let ok: Bool = bytes.withUnsafeBytes { b in
                while offset < b.count {
                    let n = Swift.min(b.count - offset, 1 << 30)
                    let written = gzwrite(gz, b.baseAddress! + offset, UInt32(n))
                    if written <= 0 { return false }
                    offset += Int(written)
                }
                return true
            }
            let closed = gzclose(gz)
            guard ok && closed == Z_OK else { throw ioError(path, "gzip write failed") }
            return
        }
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw ioError(path, "cannot create") }
        var offset = 0
        let failed: Bool = bytes.withUnsafeBytes { b in
            while offset < b.count {
                let n = write(fd, b.baseAddress! + offset, b.count - offset)
                if n < 0 { if errno == EINTR { continue }; return true }
                offset += n
            }
            return false
        }
        let savedErrno = errno
        let closed = close(fd)
        if failed { errno = savedErrno; throw ioError(path, "write failed") }
        guard closed == 0 else { throw ioError(path, "close failed") }
    }
}
