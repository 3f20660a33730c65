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

# Training lessons whose data file is no file, or that would not end or not run.
TRAINING = ('[data]\n{data}\n\n[model]\nlayers = [{layers}]\n\n[train]\n'
            'loss = "binary_cross_entropy_with_logits"\nepochs = 2\n{train}\n')
CSV = 'name = "file"\nfile = "{file}"'
NET = '"Linear(2, 4)", "ReLU()", "Linear(4, 1)"'
TRAINING_FILES = {
    "csv_that_is_not_there": TRAINING.format(data=CSV.format(file="no_such.csv"), layers=NET,
                                             train=""),
    "csv_that_is_a_folder": TRAINING.format(data=CSV.format(file="."), layers=NET, train=""),
    "csv_that_is_dev_zero": TRAINING.format(data=CSV.format(file="/dev/zero"), layers=NET,
                                            train=""),
    "csv_name_too_long": TRAINING.format(data=CSV.format(file="d" * 5000 + ".csv"), layers=NET,
                                         train=""),
    "a_hundred_thousand_layers": TRAINING.format(data='name = "xor"',
                                                 layers=NET + ', "ReLU()"' * 100_000, train=""),
    "binary_cross_entropy_of_no_probability": TRAINING.format(
        data='name = "xor"', layers=NET, train="").replace("_with_logits", ""),
    "one_output_for_three_classes": TRAINING.format(data='name = "blobs"\nclasses = 3',
                                                    layers=NET, train=""),
    "days_of_training": TRAINING.format(data='name = "spiral"\nn = 100000',
                                        layers=NET.replace("4", "4096"),
                                        train="").replace("epochs = 2", "epochs = 100000"),
    "layer_width_of_5000_digits": TRAINING.format(data='name = "xor"', layers=NET.replace(
        "4)", "9" * 5000 + ")", 1), train=""),
    "lr_nan": TRAINING.format(data='name = "xor"', layers=NET, train="lr = nan"),
    "schedule_as_a_list": TRAINING.format(data='name = "xor"', layers=NET,
                                          train='schedule = ["step"]'),
}
# Strings no SVG, PDF or DOT file can hold: a control character, in any key or value.
CONTROL_CHARACTERS = {
    "nul_in_a_label": GRAPH.format(inputs="x = { value = 2.0, grad = true }",
                                   code="y = x * 2") + '[labels]\ny = "y\\u0000"\n',
    "bell_in_the_title": '[lesson]\ntitle = "\\u0007"\n' + SCENE,
    "escape_in_a_training_title": '[lesson]\ntitle = "\\u001b[31m"\n' + TRAINING.format(
        data='name = "xor"', layers=NET, train=""),
}

HOSTILE = {**WRONG_TYPES, **HUGE_NUMBERS, **RUN_TIME, **BIG_RESULTS, **TRAINING_FILES,
           **CONTROL_CHARACTERS}
