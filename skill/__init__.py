"""My Back Routine: an Alexa skill that coaches a beginner through a back routine."""

__version__ = "0.1.0"
