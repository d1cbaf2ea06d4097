#pragma once
// C interface to the gnuplot-iostream bridge (implemented in C++). Swift calls these.
#ifdef __cplusplus
extern "C" {
#endif

/// 1 when a gnuplot executable can be started, 0 otherwise.
int gnuplot_bridge_available(void);

#ifdef __cplusplus
}
#endif
