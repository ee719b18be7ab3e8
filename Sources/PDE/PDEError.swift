/// A bad input or a failed step detected inside the PDE module: the source file and line that
/// rejected it and why. The fractional, kinetic and reduced-order-model code throw it under their
/// own names (`FractionalError`, `KineticError`, `ROMError`); dimension mismatches between an
/// operator and a vector are preconditions, not errors.
public struct PDEError: Error, CustomStringConvertible, Equatable, Sendable {
    /// What went wrong, in words (for example "alpha = 2.5 is outside (1, 2)").
    public let reason: String
    /// Source file that detected the problem.
    public let file: String
    /// Line in `file`.
    public let line: Int

    /// Creates an error; `file` and `line` default to the caller's location.
    public init(_ reason: String, file: String = #fileID, line: Int = #line) {
        self.reason = reason
        self.file = file
        self.line = line
    }

    /// One line: `file:line: reason`.
    public var description: String { "\(file):\(line): \(reason)" }
}
