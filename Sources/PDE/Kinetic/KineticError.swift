/// A bad input to the kinetic / moment active-fluid code (for example "n = 6 must be even and >= 8").
public typealias KineticError = PDEError
