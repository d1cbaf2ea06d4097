// Drives gnuplot through gnuplot-iostream (Debian: libgnuplot-iostream-dev). The Swift side writes a complete,
// stand-alone .gp script (so a reader can re-render it by hand); this bridge only feeds it to gnuplot and
// reports what gnuplot complained about.
#include "gnuplot_bridge.h"

#include <gnuplot-iostream.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <unistd.h>

namespace {

/// A gnuplot single-quoted string literal: only the quote itself needs escaping (doubled).
std::string gnuplot_quoted(const std::string &text) {
    std::string quoted = "'";
    for (char c : text) {
        if (c == '\'') quoted += "''"; else quoted += c;
    }
    return quoted + "'";
}

void copy_message(const std::string &text, char *messages, size_t capacity) {
    if (messages == nullptr || capacity == 0) return;
    size_t length = text.size() < capacity - 1 ? text.size() : capacity - 1;
    std::memcpy(messages, text.data(), length);
    messages[length] = '\0';
}

}  // namespace

int gnuplot_bridge_available(void) {
    return std::system("command -v gnuplot >/dev/null 2>&1") == 0 ? 1 : 0;
}

int gnuplot_bridge_render(const char *directory, const char *script, char *messages, size_t capacity) {
    char stderr_path[] = "/tmp/gnuplot-bridge-XXXXXX";
    int descriptor = mkstemp(stderr_path);
    if (descriptor < 0) {
        copy_message("cannot create a temporary file for gnuplot's messages", messages, capacity);
        return 2;
    }
    close(descriptor);
    try {
        // The destructor closes the pipe and waits for gnuplot to finish writing the charts.
        Gnuplot gnuplot(std::string("gnuplot 2>") + stderr_path);
        gnuplot << "cd " << gnuplot_quoted(directory) << "\n";
        gnuplot << "load " << gnuplot_quoted(script) << "\n";
    } catch (const std::exception &error) {
        std::remove(stderr_path);
        copy_message(std::string("cannot start gnuplot: ") + error.what(), messages, capacity);
        return 2;
    }
    std::ifstream captured(stderr_path);
    std::stringstream text;
    text << captured.rdbuf();
    std::remove(stderr_path);
    copy_message(text.str(), messages, capacity);
    return text.str().empty() ? 0 : 1;
}
