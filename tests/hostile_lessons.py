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
# Each key of a training lesson given a value of the wrong type or out of any reason.
XOR = TRAINING.format(data='name = "xor"', layers=NET, train="")
TRAINING_KEYS = {
    "data_name_a_number": XOR.replace('name = "xor"', "name = 3"),
    "data_n_in_quotes": XOR.replace('name = "xor"', 'name = "xor"\nn = "40"'),
    "data_a_list_not_a_section": XOR.replace('[data]\nname = "xor"', "data = [1, 2]"),
    "data_classes_a_billion": XOR.replace('name = "xor"', 'name = "blobs"\nclasses = 1000000000'),
    "data_file_a_table": XOR.replace('name = "xor"', 'name = "file"\nfile = { a = 1 }'),
    "layers_one_string": XOR.replace(f"layers = [{NET}]", 'layers = "Linear(2, 1)"'),
    "layer_width_negative": XOR.replace('"Linear(2, 4)"', '"Linear(2, -4)"'),
    "layer_slope_infinite": XOR.replace('"ReLU()"', '"LeakyReLU(negative_slope=1e309)"'),
    "layer_argument_python": XOR.replace('"ReLU()"',
                                         '"LeakyReLU(negative_slope=__import__(\'os\'))"'),
    "init_a_number": XOR.replace("[train]", "init = 3\n\n[train]"),
    "epochs_1e20": XOR.replace("epochs = 2", "epochs = 100000000000000000000"),
    "lr_in_quotes": XOR.replace("epochs = 2", 'epochs = 2\nlr = "0.1"'),
    "batch_size_1e30": XOR.replace("epochs = 2", "epochs = 2\nbatch_size = " + "1" + "0" * 30),
    "optimizer_capitalised": XOR.replace("epochs = 2", 'epochs = 2\noptimizer = "Adam"'),
    "betas_past_one": XOR.replace("epochs = 2", 'epochs = 2\noptimizer = "adam"\nbetas = [0.9, 2]'),
    "validation_nan": XOR.replace("epochs = 2", "epochs = 2\nvalidation = nan"),
    "schedule_per_a_number": XOR.replace("epochs = 2", 'epochs = 2\n[train.schedule]\n'
                                         'type = "step"\nstep_size = 1\nper = 1'),
    "train_seed_2_64": XOR.replace("epochs = 2", "epochs = 2\nseed = 18446744073709551616"),
}
# Names a keyboard or a slide's typesetting puts in: accents, Greek, look-alikes, full width.
UNICODE_NAMES = {
    "accented_bare_key": XOR.replace("epochs = 2", "épocas = 2"),
    "greek_bare_input": GRAPH.format(inputs="α = { randn = [3], grad = true }", code="b = sum(α)"),
    "full_width_twin_of_an_input": GRAPH.format(
        inputs='x = { randn = [3], grad = true }\n"\uff58" = 2.0', code="y = sum(x * x)"),
    "cyrillic_e_in_a_layer": XOR.replace('"ReLU()"', '"R\u0435LU()"'),
    "full_width_loss": XOR.replace('"binary_cross_entropy_with_logits"', '"\uff4dse_loss"'),
    "formula_superscript_two": FORMULA.format(expr="x² + y²"),
    "formula_minus_sign": FORMULA.format(expr="x − y"),
    "code_superscript_two": GRAPH.format(inputs="x = { randn = [3], grad = true }",
                                         code="y = sum(x²)"),
}

HOSTILE = {**WRONG_TYPES, **HUGE_NUMBERS, **RUN_TIME, **BIG_RESULTS, **TRAINING_FILES,
           **CONTROL_CHARACTERS, **TRAINING_KEYS, **UNICODE_NAMES}
