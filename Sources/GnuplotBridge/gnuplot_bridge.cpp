#include "gnuplot_bridge.h"
#include <cstdlib>

int gnuplot_bridge_available(void) {
    return std::system("command -v gnuplot >/dev/null 2>&1") == 0 ? 1 : 0;
}
