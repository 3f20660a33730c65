"""Spanish for the training page's words (see `gradviz.catalog`): `gradviz.app.training_*`
and the window's way into and out of a training iteration."""

SPANISH: dict[str, str] = {
    # gradviz.app.training_page
    "Play / pause: train": "Reproducir / pausa: entrenar",
    "One iteration": "Una iteración",
    "Iterations per frame": "Iteraciones por fotograma",
    "Step into this iteration (I)": "Entrar en esta iteración (I)",
    # gradviz.app.training_panels
    "Loss J": "Pérdida J",
    "Accuracy": "Exactitud",
    "Iteration": "Iteración",
    "training batch": "lote de entrenamiento",
    "training set, per epoch": "conjunto de entrenamiento, por época",
    "validation set, per epoch": "conjunto de validación, por época",
    "What the network decides": "Lo que decide la red",
    "Examples and predictions": "Ejemplos y predicciones",
    "Layer 1: one image per unit": "Capa 1: una imagen por neurona",
    # gradviz.app.training_numbers
    "epoch {e}": "época {e}",
    "Iteration {k} of {n} · epoch {e}": "Iteración {k} de {n} · época {e}",
    "validation accuracy {v}": "exactitud de validación {v}",
    "training accuracy {v}": "exactitud de entrenamiento {v}",
    # gradviz.app.training_controls
    "Optimizer": "Optimizador",
    "Batch size": "Tamaño del lote",
    "Activation": "Activación",
    "Hidden units": "Neuronas ocultas",
    "The learning rate must be a positive number, not '{text}'":
        "La tasa de aprendizaje debe ser un número positivo, no «{text}»",
    # gradviz.app.window_training, gradviz.app.actions
    "Could not step into the iteration": "No se pudo entrar en la iteración",
    "← Back to training: iteration {k} next (T)":
        "← Volver al entrenamiento: sigue la iteración {k} (T)",
    "Step into this training iteration": "Entrar en esta iteración del entrenamiento",
    "Back to the training page": "Volver a la página de entrenamiento",
}
