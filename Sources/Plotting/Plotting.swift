import GnuplotBridge

/// Whether gnuplot can be started on this machine.
public var gnuplotIsAvailable: Bool { gnuplot_bridge_available() == 1 }
