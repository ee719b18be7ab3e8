import Testing
@testable import PDE

@Suite struct PDEModuleTests {
    @Test func moduleLoads() { #expect(PDE.version.split(separator: ".").count == 3) }
}
