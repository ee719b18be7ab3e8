/// A bad input to the kinetic / moment active-fluid code: which file and line rejected it and why.
public struct KineticError: Error, CustomStringConvertible, Equatable {
    /// What went wrong, in words (for example "n = 6 must be even and >= 8").
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
