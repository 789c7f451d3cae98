"""Build and install the Excel add-in ``zahllauf.xlam`` without Excel.

``xlam`` writes the workbook package, ``vbaproject`` the VBA project (MS-OVBA) on top of
``compression`` and ``cfb``; ``sources`` gathers the module texts and ``install`` puts the
add-in where Excel finds it.
"""

from zahllauf.addin.xlam import BuildResult, build_addin

__all__ = ["BuildResult", "build_addin"]
