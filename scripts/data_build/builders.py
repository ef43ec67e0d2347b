"""All builders, gathered so make_data.py finds each one by its name in ``schema.RESOURCES``."""
from .core_builders import (build_countries, build_nato, build_sipri,  # noqa: F401
                            build_sipri_footnotes, build_world_bank)
from .other_builders import (build_arms_imports, build_exercise_participants,  # noqa: F401
                             build_exercises, build_pew, build_timeline, build_us_troops,
                             build_weapon_systems)
