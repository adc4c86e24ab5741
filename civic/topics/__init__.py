"""Topics (lĩnh vực): what consultations, ideas and dialogue sessions are filed under. A package
of its own, below the features that use it."""
