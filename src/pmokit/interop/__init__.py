"""pmokit.interop: bridges to the tools PMOs keep their schedules in.

``pmokit.interop.mpxj`` turns a project that MPXJ has read (MS Project, Primavera P6 and the
other formats MPXJ reads) into a :class:`pmokit.interop.mpxj.Plan`. It needs the optional
extra ``mpxj`` (mpxj and jpype1) and a Java 17+ runtime, but importing this package or that
module does not: the Java side is imported only when it is used.

>>> import pmokit.interop.mpxj as bridge
>>> bridge.Plan.__name__
'Plan'
"""

from __future__ import annotations

__all__: list[str] = []
