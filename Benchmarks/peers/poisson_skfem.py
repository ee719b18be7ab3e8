#!/usr/bin/env python3
"""Peer for `solversuite poisson --mesh FILE --solver cholesky`: scikit-fem P1 assembly + SciPy
/ scikit-sparse CHOLMOD solve of the same manufactured problem (u = sin(2x+1/2) cos(y) e^z in 3D,
sin(2x+1/2) cos(y) + x y^2 in 2D, Dirichlet data u on the whole boundary, load = M f_I as in
SolverSuite). Prints one JSON line: read, assemble, solve seconds, unknowns, nodal max error.

    python3 Benchmarks/peers/poisson_skfem.py meshes/cube_2.msh
"""
import json
import sys
import time

import numpy as np
import skfem
from skfem.models.poisson import laplace, mass

try:  # import the mesh I/O library before timing, so read_seconds is reading, not Python imports
    import meshio  # noqa: F401
except ImportError:
    pass

path = sys.argv[1]
t0 = time.perf_counter()
mesh = skfem.Mesh.load(path)
t_read = time.perf_counter() - t0
dim = mesh.p.shape[0]
x = mesh.p
if dim == 3:
    u_ex = np.sin(2 * x[0] + 0.5) * np.cos(x[1]) * np.exp(x[2])
    f = 4 * u_ex
    elem = skfem.ElementTetP1()
else:
    u_ex = np.sin(2 * x[0] + 0.5) * np.cos(x[1]) + x[0] * x[1] ** 2
    f = 5 * np.sin(2 * x[0] + 0.5) * np.cos(x[1]) - 2 * x[0]
    elem = skfem.ElementTriP1()

t0 = time.perf_counter()
basis = skfem.Basis(mesh, elem)
K = laplace.assemble(basis)
M = mass.assemble(basis)
b = M @ f
D = basis.get_dofs().all()
Kc, bc, xI, I = skfem.condense(K, b, x=u_ex, D=D)
t_asm = time.perf_counter() - t0

import scipy.sparse.linalg as spla
t0 = time.perf_counter()
u_sp = spla.spsolve(Kc.tocsc(), bc)
t_spsolve = time.perf_counter() - t0
t_chol = None
try:
    from sksparse.cholmod import cholesky
    t0 = time.perf_counter()
    u_ch = cholesky(Kc.tocsc())(bc)
    t_chol = time.perf_counter() - t0
except Exception:
    pass
u = xI.copy()
u[I] = u_sp
print(json.dumps({"mesh": path, "unknowns": int(len(I)), "read_seconds": t_read, "assemble_seconds": t_asm,
                  "spsolve_seconds": t_spsolve, "cholmod_seconds": t_chol,
                  "max_error": float(np.max(np.abs(u - u_ex)[I]))}))
