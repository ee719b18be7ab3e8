import Foundation
import Testing
@testable import PDE

@Suite struct LinearClosureTests {
    /// The linear closure is the S of Ψ̂₄ = 0: S1111 = D11 − c/8, S1112 = S1222 = D12/2, S1122 = c/8.
    @Test func linearClosureMatchesItsTensor() {
        var r = SplitMix64(state: 2)
        let cl = LinearClosure()
        var worst = 0.0
        for _ in 0..<20 {
            let a = 0.3 + r.uniform(), b = r.uniform() - 0.5, d = 0.3 + r.uniform(), x = r.uniform() - 0.5, y = r.uniform() - 0.5, z = 0.7
            let c = a + d
            let s1111 = a - c / 8, s1112 = b / 2, s1122 = c / 8, s1222 = b / 2, s2222 = d - c / 8
            let t11 = x + 2 * z * a, t12 = y + 2 * z * b, t22 = -x + 2 * z * d
            let v = cl.contractPoint(d11: a, d12: b, d22: d, e11: x, e12: y, zeta: z)
            worst = max(worst, abs(v.st11 - (s1111 * t11 + 2 * s1112 * t12 + s1122 * t22)),
                        abs(v.st12 - (s1112 * t11 + 2 * s1122 * t12 + s1222 * t22)),
                        abs(v.st22 - (s1122 * t11 + 2 * s1222 * t12 + s2222 * t22)))
        }
        #expect(worst <= 1e-14)
    }
}
