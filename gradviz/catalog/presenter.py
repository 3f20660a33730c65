"""Spanish for presenter mode: the laser pointer, the caption before the first step, the
3-D view's axes."""

SPANISH = {
    "Laser pointer": "Puntero láser",
    "{n} forward steps, then {m} backward steps. → starts.":
        "{n} pasos hacia adelante y luego {m} hacia atrás. → empieza.",
    "loss": "pérdida",
}
