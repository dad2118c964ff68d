#ifndef CSPAWN_H
#define CSPAWN_H
#include <spawn.h>

/// Adds "close every descriptor from `fd` up" to `actions` (glibc ≥ 2.34), so a child
/// process inherits none of the test process's pipes. Returns 0 or an errno value.
int cspawn_addclosefrom(posix_spawn_file_actions_t *actions, int fd);
#endif
