// Placeholder: gunzip (zlib) and PNG (libpng) land here with the data-set issue.
import CZlib
import CPNG

/// The zlib version this build links against, e.g. "1.2.13".
public var zlibVersion: String { String(cString: CZlib.zlibVersion()) }
