#define _GNU_SOURCE
#include "cspawn.h"

int cspawn_addclosefrom(posix_spawn_file_actions_t *actions, int fd) {
    return posix_spawn_file_actions_addclosefrom_np(actions, fd);
}
