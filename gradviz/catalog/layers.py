"""Spanish for the convolutional layers' rows (``engine/ops_conv.py``), the layer norm's and
embedding bag's (``engine/ops_layers.py``) and the CTC loss's (``engine/ops_ctc.py``): their
formula and derivative texts (see `gradviz.catalog`)."""

SPANISH: dict[str, str] = {
    # conv1d, conv2d
    "conv(x, W)[o, p] = b[o] + Σ_c Σ_k W[o, c, k] · x[c, p·s + k·d]":
        "conv(x, W)[o, p] = b[o] + Σ_c Σ_k W[o, c, k] · x[c, p·s + k·d]",
    "∂/∂x: each window's Σ_o G[o]·W[o], added back where it was read":
        "∂/∂x: Σ_o G[o]·W[o] de cada ventana, sumado donde se leyó",
    # max_pool2d
    "maxpool(x)[p] = the maximum of the window at p":
        "maxpool(x)[p] = el máximo de la ventana en p",
    "∂/∂x = G at each window's maximum, 0 elsewhere":
        "∂/∂x = G en el máximo de cada ventana, 0 en el resto",
    # avg_pool2d
    "avgpool(x)[p] = (1/k) Σ of the window at p": "avgpool(x)[p] = (1/k) Σ de la ventana en p",
    "∂/∂x = G/k spread over each window": "∂/∂x = G/k repartido por cada ventana",
    # native_batch_norm
    "γ · (x − μ)/√(σ² + ε) + β, μ and σ² per channel":
        "γ · (x − μ)/√(σ² + ε) + β, μ y σ² por canal",
    "∂/∂x = (γ/σ)(G − mean(G) − x̂·mean(G·x̂)) (training)":
        "∂/∂x = (γ/σ)(G − media(G) − x̂·media(G·x̂)) (entrenamiento)",
    # conv_transpose1d, conv_transpose2d
    "convᵀ(x, W)[o, p·s + k·d] += W[c, o, k] · x[c, p], then + b[o]":
        "convᵀ(x, W)[o, p·s + k·d] += W[c, o, k] · x[c, p], luego + b[o]",
    "∂/∂x = conv(G, W)": "∂/∂x = conv(G, W)",
    # native_layer_norm (engine/ops_layers.py)
    "γ · (x − μ)/√(σ² + ε) + β, μ and σ² per sample":
        "γ · (x − μ)/√(σ² + ε) + β, μ y σ² por muestra",
    "∂/∂x = (1/σ)(Gγ − mean(Gγ) − x̂·mean(Gγ·x̂))":
        "∂/∂x = (1/σ)(Gγ − media(Gγ) − x̂·media(Gγ·x̂))",
    # embedding_bag (engine/ops_layers.py)
    "bag(b) = Σ, mean or max of W[i] over the indices i of bag b":
        "bolsa(b) = Σ, media o máximo de W[i] sobre los índices i de la bolsa b",
    "∂/∂W[r] = Σ of G[b] (÷ the bag's size for a mean) over the bags that read row r; for "
    "max, G[b] to the row that gave the maximum":
        "∂/∂W[r] = Σ de G[b] (÷ el tamaño de la bolsa para una media) sobre las bolsas que "
        "leen la fila r; para max, G[b] a la fila que dio el máximo",
    # embedding
    "Embedding(i) = W[i]: row i of the table": "Embedding(i) = W[i]: la fila i de la tabla",
    "∂/∂W[r] = Σ of G over the positions that read row r":
        "∂/∂W[r] = Σ de G en las posiciones que leen la fila r",
    # ctc_loss (engine/ops_ctc.py)
    "CTC(lp, l) = −log Σ over alignments π of l of Π_t exp(lp[t, π_t])":
        "CTC(lp, l) = −log Σ sobre los alineamientos π de l de Π_t exp(lp[t, π_t])",
    "∂/∂lp[t, c] = exp(lp[t, c]) − Σ_{s: l′ₛ = c} α[t, s]·β[t, s] / (p(l)·exp(lp[t, c])) "
    "(PyTorch's: the logits' gradient through log_softmax)":
        "∂/∂lp[t, c] = exp(lp[t, c]) − Σ_{s: l′ₛ = c} α[t, s]·β[t, s] / (p(l)·exp(lp[t, c])) "
        "(el de PyTorch: el gradiente de los logits a través de log_softmax)",
}
