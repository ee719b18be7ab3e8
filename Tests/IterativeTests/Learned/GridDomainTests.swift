import Testing
import SparseLA
@testable import Iterative

@Suite struct GridDomainTests {
    /// Row sums of the masked Laplacian: 0 in the interior, and for every row the diagonal equals
    /// the number of off-diagonal −1 entries plus the faces to the outer box (and, for Dirichlet
    /// walls, to solid cells).
    func checkRows(_ d: GridDomain, walls: GridDomain.WallCondition) {
        let a = d.laplacian(walls: walls)
        #expect(a.rows == d.unknownCount && a.columns == d.unknownCount)
        #expect(a.isSymmetric())
        var strides = [1]
        for k in 1..<d.dims.count { strides.append(strides[k - 1] * d.dims[k - 1]) }
        for i in 0..<a.rows {
            let cell = Int(d.cellOfUnknown[i])
            var boxFaces = 0, solidFaces = 0, r = cell
            for k in 0..<d.dims.count {
                let c = r % d.dims[k]; r /= d.dims[k]
                for s in [-1, 1] {
                    if c + s < 0 || c + s >= d.dims[k] { boxFaces += 1 } else if !d.mask[cell + s * strides[k]] { solidFaces += 1 }
                }
            }
            var sum = 0.0
            for p in a.rowPointers[i]..<a.rowPointers[i + 1] { sum += a.values[p] }
            let expected = Double(boxFaces + (walls == .dirichlet ? solidFaces : 0))
            #expect(abs(sum - expected) < 1e-12, "row \(i) sums to \(sum), expected \(expected)")
        }
    }

    @Test func nonSquareBoxIsTheModelLaplacian() throws {
        for dims in [[7, 4], [3, 5, 2]] {
            let d = try GridDomain.box(dims: dims)
            #expect(d.dims == dims)
            #expect(d.unknownCount == dims.reduce(1, *) && d.solidCellCount == 0)
            #expect(d.laplacian().toDense() == CSRMatrix.laplacian(dimensions: dims).toDense())
            checkRows(d, walls: .dirichlet)
        }
    }

    @Test func nonSquareShapesAreSymmetricWithConsistentRowSums() throws {
        for dims in [[24, 20], [20, 24], [12, 10, 8]] {
            for name in ["obstacles", "lshape", "disc"] {
                let d = try GridDomain.named(name, dims: dims, seed: 7)
                #expect(d.unknownCount + d.solidCellCount == dims.reduce(1, *))
                #expect(d.unknownCount > 0 && d.solidCellCount > 0, "\(name) \(dims) should have solid cells")
                for walls in GridDomain.WallCondition.allCases { checkRows(d, walls: walls) }
            }
        }
        // L-shape of a 24x20 grid: cells with x ≥ 12 and y ≥ 10 are solid.
        #expect(try GridDomain.lShape(dims: [24, 20]).unknownCount == 24 * 20 - 12 * 10)
        // Dirichlet obstacles on a non-square grid are SPD.
        _ = try CholeskyFactorization(try GridDomain.obstacles(dims: [24, 20], seed: 7).laplacian())
    }

    @Test func squareAPIMatchesDimsAPI() throws {
        for name in ["box", "obstacles", "lshape", "disc"] {
            let a = try GridDomain.named(name, n: 16, dimension: 2, seed: 3)
            let b = try GridDomain.named(name, dims: [16, 16], seed: 3)
            #expect(a.mask == b.mask)
        }
        #expect(try GridDomain.obstacles(n: 8, dimension: 3, seed: 5).mask == GridDomain.obstacles(dims: [8, 8, 8], seed: 5).mask)
        #expect(throws: GridDomainError.invalidDimensions([4])) { try GridDomain.box(dims: [4]) }
        #expect(throws: GridDomainError.invalidDimensions([4, 0])) { try GridDomain.box(dims: [4, 0]) }
        #expect(throws: GridDomainError.unknownShape("star")) { try GridDomain.named("star", dims: [4, 4]) }
    }

    @Test func enclosedCellsAreFoundForNeumannSingularity() throws {
        // The disc/ball does not touch the outer box: all its cells are enclosed (singular with
        // Neumann walls); the box, L-shape and these obstacle fields reach the box everywhere.
        let disc = try GridDomain.disc(n: 32, dimension: 2)
        #expect(disc.enclosedUnknownCount == disc.unknownCount)
        let ball = try GridDomain.disc(n: 12, dimension: 3)
        #expect(ball.enclosedUnknownCount == ball.unknownCount)
        #expect(try GridDomain.box(n: 9, dimension: 2).enclosedUnknownCount == 0)
        #expect(try GridDomain.lShape(n: 16, dimension: 3).enclosedUnknownCount == 0)
        #expect(try GridDomain.obstacles(n: 64, dimension: 2, seed: 7).enclosedUnknownCount == 0)
        // A ring of solid cells around the centre of a 7x7 box encloses exactly the one centre cell.
        var mask = [Bool](repeating: true, count: 49)
        for y in 2...4 { for x in 2...4 where !(x == 3 && y == 3) { mask[y * 7 + x] = false } }
        let ring = try GridDomain(dims: [7, 7], mask: mask)
        #expect(ring.enclosedUnknownCount == 1)
    }
}
