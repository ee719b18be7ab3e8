/// A bad input to the fractional (Riesz) collocation code (thrown by the validating initialisers
/// and the dense solver).
public typealias FractionalError = PDEError
