#if canImport(Glibc)
import Glibc
#endif

/// Locates the shared test data (`../shared/data` next to the repository, or `$SOLVERSUITE_DATA`).
enum MatrixMarketTestSupport {
    static func dataDirectory(filePath: String = #filePath) -> String? {
        if let env = getenv("SOLVERSUITE_DATA") {
            let path = String(cString: env)
            if isDirectory(path) { return path }
        }
        var parts = filePath.split(separator: "/", omittingEmptySubsequences: false)
        // .../<repo>/Tests/SparseLATests/File.swift -> .../shared/data
        guard parts.count > 4 else { return nil }
        parts.removeLast(4)
        let path = parts.joined(separator: "/") + "/shared/data"
        return isDirectory(path) ? path : nil
    }

    static func matricesDirectory() -> String? {
        guard let d = dataDirectory() else {
            print("[skip] shared test data not found (set SOLVERSUITE_DATA or place it at ../shared/data)")
            return nil
        }
        return d + "/matrices"
    }

    static func isDirectory(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }

    /// Regular files in `directory` (non-recursive), sorted by name.
    static func files(in directory: String) -> [String] {
        guard let dir = opendir(directory) else { return [] }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
            }
            if name.hasPrefix(".") { continue }
            let full = directory + "/" + name
            if !isDirectory(full) { names.append(full) }
        }
        return names.sorted()
    }

    static func readBytes(_ path: String) -> [UInt8]? {
        guard let f = fopen(path, "rb") else { return nil }
        defer { fclose(f) }
        var out = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = fread(&buffer, 1, buffer.count, f)
            if n <= 0 { break }
            out.append(contentsOf: buffer[0..<n])
        }
        return out
    }

    static func temporaryPath(_ name: String) -> String {
        "/tmp/solversuite-mm-\(getpid())-\(name)"
    }
}
