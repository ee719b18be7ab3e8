#!/usr/bin/env python3
"""Generate the meshes SolverSuite ships (run from anywhere: python3 meshes/generate_meshes.py).

Needs the `gmsh` Python package (pip install gmsh). Every domain is meshed once at a coarse size
and then uniformly refined (each triangle -> 4, each tetrahedron -> 8), so `<name>_1`, `_2`, `_3`
form a nested family with h halving: the P1 convergence studies use them directly.

Physical tags (boundary):
  square, lshape : 1 = x min, 2 = x max, 3 = y min, 4 = y max (the L's re-entrant edges: 5)
  annulus        : 1 = outer circle, 2 = inner circle (hole)
  channel        : 1 = inlet (x = 0), 2 = outlet, 3 = walls, 4 = cylinder
  cube           : 1..6 = x min, x max, y min, y max, z min, z max
  sphere         : 1 = sphere surface
Cells carry tag 10 ("domain"). Files are MSH 4.1 ASCII, plus square_1_v22.msh in MSH 2.2.
"""
import os
import sys
import gmsh

HERE = os.path.dirname(os.path.abspath(__file__))


def tag_box_sides(dim, lengths):
    """Assign physical tags 1..2*dim to boundary entities lying on the box faces."""
    eps = 1e-5  # OCC bounding boxes are padded by 1e-7
    extra_tag = 2 * dim + 1  # boundary not on a box face (the L's re-entrant edges)
    groups = {}
    for (d, t) in gmsh.model.getEntities(dim - 1):
        x0, y0, z0, x1, y1, z1 = gmsh.model.getBoundingBox(d, t)
        lo = [x0, y0, z0]
        hi = [x1, y1, z1]
        tag = extra_tag
        for a in range(dim):
            if abs(lo[a]) < eps and abs(hi[a]) < eps:
                tag = 2 * a + 1
            elif abs(lo[a] - lengths[a]) < eps and abs(hi[a] - lengths[a]) < eps:
                tag = 2 * a + 2
        groups.setdefault(tag, []).append(t)
    names = ["xmin", "xmax", "ymin", "ymax", "zmin", "zmax"]
    for tag, ents in sorted(groups.items()):
        g = gmsh.model.addPhysicalGroup(dim - 1, ents, tag)
        gmsh.model.setPhysicalName(dim - 1, g, names[tag - 1] if tag <= 2 * dim else "reentrant")


def domain_group(dim):
    ents = [t for (_, t) in gmsh.model.getEntities(dim)]
    gmsh.model.addPhysicalGroup(dim, ents, 10)
    gmsh.model.setPhysicalName(dim, 10, "domain")


def square():
    gmsh.model.occ.addRectangle(0, 0, 0, 1, 1)
    gmsh.model.occ.synchronize()
    tag_box_sides(2, [1, 1, 1])
    domain_group(2)
    return 2, 0.1


def lshape():
    a = gmsh.model.occ.addRectangle(0, 0, 0, 1, 1)
    b = gmsh.model.occ.addRectangle(0.5, 0.5, 0, 0.5, 0.5)
    gmsh.model.occ.cut([(2, a)], [(2, b)])
    gmsh.model.occ.synchronize()
    tag_box_sides(2, [1, 1, 1])
    domain_group(2)
    return 2, 0.1


def annulus():
    outer = gmsh.model.occ.addDisk(0, 0, 0, 1, 1)
    inner = gmsh.model.occ.addDisk(0, 0, 0, 0.3, 0.3)
    gmsh.model.occ.cut([(2, outer)], [(2, inner)])
    gmsh.model.occ.synchronize()
    out_c, in_c = [], []
    for (d, t) in gmsh.model.getEntities(1):
        x0, y0, _, x1, y1, _ = gmsh.model.getBoundingBox(d, t)
        (out_c if (x1 - x0) > 1.0 else in_c).append(t)
    gmsh.model.setPhysicalName(1, gmsh.model.addPhysicalGroup(1, out_c, 1), "outer")
    gmsh.model.setPhysicalName(1, gmsh.model.addPhysicalGroup(1, in_c, 2), "inner")
    domain_group(2)
    return 2, 0.15


def channel():
    # DFG flow-around-cylinder geometry: 2.2 x 0.41 channel, cylinder r = 0.05 at (0.2, 0.2)
    rect = gmsh.model.occ.addRectangle(0, 0, 0, 2.2, 0.41)
    cyl = gmsh.model.occ.addDisk(0.2, 0.2, 0, 0.05, 0.05)
    gmsh.model.occ.cut([(2, rect)], [(2, cyl)])
    gmsh.model.occ.synchronize()
    groups = {1: [], 2: [], 3: [], 4: []}
    for (d, t) in gmsh.model.getEntities(1):
        x0, y0, _, x1, y1, _ = gmsh.model.getBoundingBox(d, t)
        if abs(x0) < 1e-5 and abs(x1) < 1e-5:
            groups[1].append(t)
        elif abs(x0 - 2.2) < 1e-5 and abs(x1 - 2.2) < 1e-5:
            groups[2].append(t)
        elif (abs(y0) < 1e-5 and abs(y1) < 1e-5) or (abs(y0 - 0.41) < 1e-5 and abs(y1 - 0.41) < 1e-5):
            groups[3].append(t)
        else:
            groups[4].append(t)
    for tag, name in [(1, "inlet"), (2, "outlet"), (3, "walls"), (4, "cylinder")]:
        gmsh.model.setPhysicalName(1, gmsh.model.addPhysicalGroup(1, groups[tag], tag), name)
    domain_group(2)
    # finer near the cylinder
    f = gmsh.model.mesh.field.add("Distance")
    gmsh.model.mesh.field.setNumbers(f, "CurvesList", groups[4])
    th = gmsh.model.mesh.field.add("Threshold")
    gmsh.model.mesh.field.setNumber(th, "InField", f)
    gmsh.model.mesh.field.setNumber(th, "SizeMin", 0.02)
    gmsh.model.mesh.field.setNumber(th, "SizeMax", 0.1)
    gmsh.model.mesh.field.setNumber(th, "DistMin", 0.02)
    gmsh.model.mesh.field.setNumber(th, "DistMax", 0.3)
    gmsh.model.mesh.field.setAsBackgroundMesh(th)
    return 2, 0.1


def cube():
    gmsh.model.occ.addBox(0, 0, 0, 1, 1, 1)
    gmsh.model.occ.synchronize()
    tag_box_sides(3, [1, 1, 1])
    domain_group(3)
    return 3, 0.12


def sphere():
    gmsh.model.occ.addSphere(0, 0, 0, 1)
    gmsh.model.occ.synchronize()
    surf = [t for (_, t) in gmsh.model.getEntities(2)]
    gmsh.model.setPhysicalName(2, gmsh.model.addPhysicalGroup(2, surf, 1), "surface")
    domain_group(3)
    return 3, 0.3


DOMAINS = {"square": (square, 3), "lshape": (lshape, 3), "annulus": (annulus, 3), "channel": (channel, 2),
           "cube": (cube, 2), "sphere": (sphere, 2)}


def main():
    gmsh.initialize()
    gmsh.option.setNumber("General.Terminal", 0)
    written = []
    for name, (build, levels) in DOMAINS.items():
        gmsh.clear()
        gmsh.model.add(name)
        dim, h = build()
        gmsh.option.setNumber("Mesh.MeshSizeMax", h)
        gmsh.option.setNumber("Mesh.MeshSizeMin", h / 10 if name == "channel" else h / 2)
        gmsh.option.setNumber("Mesh.Algorithm", 6)
        gmsh.option.setNumber("Mesh.RandomSeed", 1)
        gmsh.model.mesh.generate(dim)
        for level in range(1, levels + 1):
            if level > 1:
                gmsh.model.mesh.refine()
            gmsh.option.setNumber("Mesh.MshFileVersion", 4.1)
            gmsh.option.setNumber("Mesh.Binary", 0)
            path = os.path.join(HERE, f"{name}_{level}.msh")
            gmsh.write(path)
            written.append(path)
            if name == "square" and level == 1:
                gmsh.option.setNumber("Mesh.MshFileVersion", 2.2)
                p22 = os.path.join(HERE, "square_1_v22.msh")
                gmsh.write(p22)
                written.append(p22)
    gmsh.finalize()
    total = 0
    for p in written:
        s = os.path.getsize(p)
        total += s
        print(f"{os.path.basename(p)}: {s / 1024:.0f} KiB")
    print(f"total {total / 1024 / 1024:.2f} MiB")


if __name__ == "__main__":
    sys.exit(main())
