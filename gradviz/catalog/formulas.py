"""Spanish for the op rows' formula and derivative texts (see `gradviz.catalog`).

The registry rows (``engine/ops*.py``) write their texts in English: maths plus a few words.
A text that is maths only (``σ(z) = 1/(1 + e⁻ᶻ)``) reads the same in both languages and needs
no entry; one with words needs one here, which ``tests/test_op_rows.py`` checks.
"""

SPANISH: dict[str, str] = {
    # where
    "where(c, a, b) = a if c, else b": "where(c, a, b) = a si c, si no b",
    "— (c is a condition)": "— (c es una condición)",
    "∂/∂a = 1 if c, else 0": "∂/∂a = 1 si c, si no 0",
    "∂/∂b = 0 if c, else 1": "∂/∂b = 0 si c, si no 1",
    # relu
    "∂/∂z = 1 if z > 0, 0 if z < 0": "∂/∂z = 1 si z > 0, 0 si z < 0",
    # leaky_relu
    "∂/∂z = 1 if z > 0, α if z < 0": "∂/∂z = 1 si z > 0, α si z < 0",
    # clamp
    "∂/∂z = 1 if min ≤ z ≤ max, else 0": "∂/∂z = 1 si min ≤ z ≤ max, si no 0",
    # max
    "∂/∂zᵢ = 1/k at the k maxima, else 0": "∂/∂zᵢ = 1/k en los k máximos, si no 0",
    # min
    "∂/∂zᵢ = 1/k at the k minima, else 0": "∂/∂zᵢ = 1/k en los k mínimos, si no 0",
    # cat
    "cat(z₀, z₁, …) along dim": "cat(z₀, z₁, …) en dim",
    "∂/∂zₖ = G[the slice of zₖ]": "∂/∂zₖ = G[tramo de zₖ]",
    # stack
    "stack(z₀, z₁, …) along a new dim": "stack(z₀, z₁, …) en un dim nuevo",
    "∂/∂zₖ = G[k] along dim": "∂/∂zₖ = G[k] en dim",
    # cast
    "z (another dtype)": "z (otro dtype)",
    # permute
    "permute(z, dims): the same values with the axes in another order":
        "permute(z, dims): los mismos valores con los ejes en otro orden",
    "∂/∂z = G with the axes in the inverse order": "∂/∂z = G con los ejes en el orden inverso",
    # expand
    "expand(z): z copied along its axes of size 1":
        "expand(z): z copiado a lo largo de sus ejes de tamaño 1",
    "∂/∂z = Σ of G over the copies": "∂/∂z = Σ de G sobre las copias",
    # repeat
    "repeat(z, r): z repeated rₖ times along each axis k":
        "repeat(z, r): z repetido rₖ veces en cada eje k",
    "∂/∂z = Σ of G over the repetitions": "∂/∂z = Σ de G sobre las repeticiones",
    # gather
    "gather(z, dim, idx): z read at the positions idx along dim":
        "gather(z, dim, idx): z leído en las posiciones idx a lo largo de dim",
    "∂/∂z = G summed at the positions idx, 0 elsewhere":
        "∂/∂z = G sumado en las posiciones idx, 0 en el resto",
    # cumsum
    "∂/∂zᵢ = Σ_{j ≥ i} Gⱼ (a cumulative sum from the end)":
        "∂/∂zᵢ = Σ_{j ≥ i} Gⱼ (suma acumulada desde el final)",
    # norm
    "∂/∂zᵢ = zᵢ/‖z‖ (0 if z = 0)": "∂/∂zᵢ = zᵢ/‖z‖ (0 si z = 0)",
    # amax
    "amax(z) = the maximum of z along dim": "amax(z) = máximo de z a lo largo de dim",
    # amin
    "amin(z) = the minimum of z along dim": "amin(z) = mínimo de z a lo largo de dim",
    # sign
    "sign(z) = −1, 0 or 1": "sign(z) = −1, 0 o 1",
    "∂/∂z = 0 (a step: constant between jumps)": "∂/∂z = 0 (un escalón: constante entre saltos)",
    # round
    "round(z): the nearest integer (ties to even)":
        "round(z): el entero más cercano (a par en los empates)",
    # floor
    "⌊z⌋: the largest integer ≤ z": "⌊z⌋: el mayor entero ≤ z",
    # ceil
    "⌈z⌉: the smallest integer ≥ z": "⌈z⌉: el menor entero ≥ z",
    # trunc
    "trunc(z): z without its fractional part (rounding toward 0)":
        "trunc(z): z sin su parte decimal (redondeo hacia 0)",
    # prod
    "∂/∂zᵢ = Π_{j≠i} zⱼ (the product of the others)":
        "∂/∂zᵢ = Π_{j≠i} zⱼ (el producto de los demás)",
    # flip
    "flip(z, dims): z read backwards along the axes dims":
        "flip(z, dims): z leído al revés en los ejes dims",
    "∂/∂z = G backwards along the same axes": "∂/∂z = G al revés en los mismos ejes",
    # roll
    "roll(z, s): z shifted by s positions, circularly":
        "roll(z, s): z desplazado s posiciones, circularmente",
    "∂/∂z = G shifted by −s positions": "∂/∂z = G desplazado −s posiciones",
    # scatter
    "scatter(z, dim, idx, s): z with s written at the positions idx":
        "scatter(z, dim, idx, s): z con s escrito en las posiciones idx",
    "∂/∂z = G, 0 at the overwritten positions": "∂/∂z = G, 0 en las posiciones sobrescritas",
    "∂/∂s = G read at idx": "∂/∂s = G leído en idx",
    # scatter_add
    "scatter_add(z, dim, idx, s): z plus s added at the positions idx":
        "scatter_add(z, dim, idx, s): z más s sumado en las posiciones idx",
    # floor_divide
    "∂/∂a = 0 (step function)": "∂/∂a = 0 (un escalón)",
    "∂/∂b = 0 (step function)": "∂/∂b = 0 (un escalón)",
    # remainder
    "a % b = a − b·⌊a / b⌋ (with the sign of b)": "a % b = a − b·⌊a / b⌋ (con el signo de b)",
    # fmod
    "fmod(a, b) = a − b·trunc(a / b) (with the sign of a)":
        "fmod(a, b) = a − b·trunc(a / b) (con el signo de a)",
    # xlogy
    "a · ln b (0 if a = 0)": "a · ln b (0 si a = 0)",
    "∂/∂a = ln b (0 if a = 0)": "∂/∂a = ln b (0 si a = 0)",
    # cross_entropy
    "— (b are class indices: no gradient)": "— (b son índices de clase: sin gradiente)",
    # scatter_reduce
    "scatter_reduce(z, dim, idx, s, reduce): s reduced into z at the positions idx":
        "scatter_reduce(z, dim, idx, s, reduce): s reducido en z en las posiciones idx",
    "∂/∂z = G (sum), G/N (mean), G·out/z (prod), G shared among the maxima":
        "∂/∂z = G (suma), G/N (media), G·out/z (producto), G repartido entre los máximos",
    "∂/∂s = G read at idx, in the same way": "∂/∂s = G leído en idx, del mismo modo",
}
