// swift-tools-version: 6.0
// A minimal app embedding SolverSuite: build with `swift build` in this folder (CI does).
import PackageDescription

let package = Package(
    name: "EmbedExample",
    dependencies: [
        // In your own package: .package(url: "<SolverSuite git URL>", branch: "main")
        .package(name: "SolverSuite", path: "../../.."),
    ],
    targets: [
        .executableTarget(
            name: "EmbedExample",
            dependencies: [
                .product(name: "SparseLA", package: "SolverSuite"),
                .product(name: "Iterative", package: "SolverSuite"),
            ]
        ),
        // The code examples of the docs/*.md pages, run by `make docs-example` so they cannot rot.
        .executableTarget(
            name: "DocExamples",
            dependencies: [
                .product(name: "SparseLA", package: "SolverSuite"),
                .product(name: "Iterative", package: "SolverSuite"),
                .product(name: "PDE", package: "SolverSuite"),
            ]
        ),
    ]
)
