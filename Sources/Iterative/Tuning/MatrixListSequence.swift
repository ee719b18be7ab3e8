import SparseLA

/// A user's own sequence: a fixed list of matrices (e.g. read from Matrix Market files), each
/// with its right-hand side (default b = A·1). The context of an instance is the mean of its
/// diagonal (the shift for shifted families, a coefficient scale for time steppers), and the
/// context range spans the list (widened when all are equal). O(nnz) per instance.
public struct MatrixListSequence: InstanceSequence {
    /// The matrices, in order.
    public let matrices: [CSRMatrix]
    /// The right-hand sides, in order.
    public let rightHandSides: [[Double]]
    /// Mean diagonal of each matrix.
    public let contexts: [Double]
    /// Instances produced so far.
    public private(set) var produced = 0
    /// The range of the contexts it produces, when it produces contexts (ChebCB and the bins need it).
    public let contextRange: ClosedRange<Double>?

    /// A sequence over `matrices`; `rightHandSides` nil means A·1 for each.
    /// - Precondition: when given, there is one right-hand side per matrix.
    public init(matrices: [CSRMatrix], rightHandSides: [[Double]]? = nil) {
        precondition(rightHandSides == nil || rightHandSides!.count == matrices.count,
                     "MatrixListSequence: need one right-hand side per matrix")
        self.matrices = matrices
        self.rightHandSides = rightHandSides ?? matrices.map { $0.multiplied(by: [Double](repeating: 1, count: $0.columns)) }
        self.contexts = matrices.map { a in
            let n = min(a.rows, a.columns)
            guard n > 0 else { return 0 }
            var s = 0.0
            for i in 0..<n {
                for k in a.rowPointers[i]..<a.rowPointers[i + 1] where Int(a.columnIndices[k]) == i { s += a.values[k] }
            }
            return s / Double(n)
        }
        let finite = contexts.filter { $0.isFinite }
        if let lo = finite.min(), let hi = finite.max() {
            contextRange = lo < hi ? lo...hi : (lo - 0.5 * abs(lo) - 1)...(hi + 0.5 * abs(hi) + 1)
        } else {
            contextRange = nil
        }
    }

    /// The next instance, or nil at the end. `previousSolution` is the solution of the instance
    /// returned by the previous call (nil on the first call); time-stepping sequences advance
    /// their state with it.
    public mutating func next(previousSolution: [Double]?) -> SequenceInstance? {
        guard produced < matrices.count else { return nil }
        defer { produced += 1 }
        return SequenceInstance(matrix: matrices[produced], rhs: rightHandSides[produced], context: contexts[produced])
    }
}
