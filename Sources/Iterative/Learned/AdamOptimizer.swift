/// Adam (Kingma & Ba) on a flat `Float` parameter array, with the usual bias correction.
struct AdamOptimizer {
    var learningRate: Float
    let beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8
    private var m: [Float], v: [Float]
    private(set) var step = 0

    init(parameterCount: Int, learningRate: Float) {
        self.learningRate = learningRate
        m = [Float](repeating: 0, count: parameterCount)
        v = m
    }

    /// `parameters -= lr · m̂ / (√v̂ + ε)` for the averaged `gradient`.
    mutating func update(_ parameters: inout [Float], gradient: [Float]) {
        step += 1
        let c1 = 1 - Float.pow(beta1, step), c2 = 1 - Float.pow(beta2, step)
        let lr = learningRate, b1 = beta1, b2 = beta2, eps = epsilon
        m.withUnsafeMutableBufferPointer { mb in
            v.withUnsafeMutableBufferPointer { vb in
                parameters.withUnsafeMutableBufferPointer { pb in
                    gradient.withUnsafeBufferPointer { gb in
                        for i in 0..<pb.count {
                            let g = gb[i]
                            mb[i] = b1 * mb[i] + (1 - b1) * g
                            vb[i] = b2 * vb[i] + (1 - b2) * g * g
                            pb[i] -= lr * (mb[i] / c1) / ((vb[i] / c2).squareRoot() + eps)
                        }
                    }
                }
            }
        }
    }
}

private extension Float {
    static func pow(_ x: Float, _ n: Int) -> Float {
        var r: Float = 1
        for _ in 0..<n { r *= x }
        return r
    }
}
