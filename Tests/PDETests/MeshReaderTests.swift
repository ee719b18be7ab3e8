import Testing
import Foundation
@testable import PDE

@Suite struct MeshReaderTests {
    /// Every file in shared/data/meshes is either read (valid mesh) or rejected with a MeshError
    /// naming the file; never a crash. Known-good files must be read.
    @Test func everySharedMeshReadOrCleanError() throws {
        guard let data = sharedDataDirectory() else { return }
        let dir = data.appendingPathComponent("meshes")
        let fm = FileManager.default
        var files: [String] = []
        for name in try fm.contentsOfDirectory(atPath: dir.path) {
            let p = dir.appendingPathComponent(name).path
            var isDir: ObjCBool = false
            fm.fileExists(atPath: p, isDirectory: &isDir)
            if isDir.boolValue {
                for sub in try fm.contentsOfDirectory(atPath: p) { files.append(p + "/" + sub) }
            } else { files.append(p) }
        }
        var read = 0, rejected = 0
        for f in files.sorted() {
            do {
                let m = try MeshReader.read(f)
                read += 1
                print("read   \((f as NSString).lastPathComponent): \(m.nodeCount) nodes, \(m.cellCount) cells (dim \(m.cellDimension)), \(m.facets.count / m.cellDimension) facets, planar \(m.isPlanar)")
            } catch {
                rejected += 1
                print("reject \((f as NSString).lastPathComponent): \(error)")
                #expect(error.file.hasSuffix((f as NSString).lastPathComponent) || f.hasSuffix(".ele") || f.hasSuffix(".node"))
                #expect(!error.reason.isEmpty)
            }
        }
        print("shared meshes: \(read) read, \(rejected) rejected, \(files.count) files")
        #expect(files.count > 20)
    }
}
