"""A hostile corpus: lesson files a user may write by mistake (or on purpose) that every command
and the window must refuse with ``FILE:LINE:COL: message``, never a traceback.

Grouped by class; each class grows when a new way to break gradviz is found.  The texts are
small so that the tests that go through all of them stay fast.
"""

from __future__ import annotations

SCENE = '[surface]\nname = "rosenbrock"\nsteps = 5\n\n[[optimizer]]\ntype = "sgd"\nlr = 0.001\n'
FORMULA = '[surface]\nexpr = "{expr}"\nsteps = 5\n\n[[optimizer]]\ntype = "sgd"\nlr = 0.001\n'
REGRESSION = ('[surface]\nname = "linear_regression"\ndata = {{ {data} }}\nepochs = 4\n\n'
              '[[optimizer]]\ntype = "sgd"\nlr = 0.1\n')
GRAPH = '[inputs]\n{inputs}\n[graph]\ncode = """\n{code}\n"""\n'

# A list or table where a name in quotes belongs.
WRONG_TYPES = {
    "optimizer_type_list": SCENE.replace('type = "sgd"', 'type = ["sgd"]'),
    "optimizer_type_table": SCENE.replace('type = "sgd"', "type = { name = 'sgd' }"),
    "surface_name_list": SCENE.replace('name = "rosenbrock"', 'name = ["rosenbrock"]'),
    "schedule_type_list": SCENE + '\n[schedule]\ntype = ["step"]\nstep_size = 2\n',
    "landscape_data_table": SCENE.replace('name = "rosenbrock"\nsteps = 5',
                                          'name = "landscape"\nsteps = 5\ndata = { a = 1 }'),
}
# Numbers no float holds, or that a scene cannot run or draw.
HUGE_NUMBERS = {
    "lr_400_digits": SCENE.replace("lr = 0.001", "lr = " + "9" * 400),
    "formula_1000_digits": FORMULA.format(expr="x**2 + " + "9" * 1000 + " * y"),
    "range_1e308": SCENE.replace("steps = 5", "steps = 5\nrange = [[-1e308, 1e308], [-1, 1]]"),
    "regression_noise_1e308": REGRESSION.format(data="noise = 1e308"),
    "regression_w_1e300": REGRESSION.format(data="w = 1e300"),
    "start_400_digits": SCENE.replace("steps = 5", "steps = 5\nstart = [" + "9" * 400 + ", 0]"),
}
# Values that run into a division by zero, or over a limit, only while running.
RUN_TIME = {
    "inverse_time_negative_decay": SCENE.replace("steps = 5", "steps = 200")
    + '\n[schedule]\ntype = "inverse_time"\ndecay = -0.01\n',
    "negative_gamma": SCENE + '\n[schedule]\ntype = "exponential"\ngamma = -0.5\n',
    "regression_over_the_updates_limit": REGRESSION.format(data="n = 64").replace(
        "epochs = 4", "epochs = 4000").replace("lr = 0.1", "lr = 0.1\nbatch_size = 1"),
}
# Tensors whose intermediate results break the limits the inputs keep.
BIG_RESULTS = {
    "outer_product_over_the_element_limit": GRAPH.format(
        inputs="x = { randn = [4000, 1], grad = true }\ny = { randn = [1, 4000], grad = true }",
        code="a = sum(x * y)"),
    "matmul_over_the_element_limit": GRAPH.format(
        inputs="x = { randn = [4000, 1], grad = true }\ny = { randn = [1, 4000], grad = true }",
        code="a = sum(x @ y)"),
    "reshape_to_33_dimensions": GRAPH.format(
        inputs="x = { randn = [1], grad = true }",
        code="a = reshape(x, (" + ", ".join(["1"] * 33) + "))\nb = sum(a)"),
}

HOSTILE = {**WRONG_TYPES, **HUGE_NUMBERS, **RUN_TIME, **BIG_RESULTS}
