"""gradviz's autograd engine: scalar `Value`, n-dimensional `Tensor`, nn, optim, numpy/cupy."""
