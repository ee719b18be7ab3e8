/// A bad input to the fractional (Riesz) collocation code: which file and line rejected it and why.
///
/// Thrown by the validating initialisers and the dense solver; dimension mismatches between an
/// operator and a vector are preconditions, not errors.
public struct FractionalError: Error, CustomStringConvertible, Equatable {
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

    /// A one-line human-readable description (`CustomStringConvertible`).
    public var description: String { "\(file):\(line): \(reason)" }
}
