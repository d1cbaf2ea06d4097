#pragma once
// C interface to the gnuplot-iostream bridge (implemented in C++ in gnuplot_bridge.cpp). Swift calls these;
// the charts themselves are described in Swift (target Plotting), which writes a .gp script and its .dat data.
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// 1 when a gnuplot executable can be started, 0 otherwise.
int gnuplot_bridge_available(void);

/// Runs gnuplot on the script file `script` (a name relative to `directory`) with `directory` as gnuplot's
/// working directory, so the script's relative data and output names resolve beside it.
/// Whatever gnuplot wrote to stderr (errors and warnings) is copied, NUL-terminated and truncated to
/// `capacity` bytes, into `messages`. Returns 0 when gnuplot ran and said nothing, 1 when it printed messages,
/// 2 when it could not be started.
int gnuplot_bridge_render(const char *directory, const char *script, char *messages, size_t capacity);

#ifdef __cplusplus
}
#endif
