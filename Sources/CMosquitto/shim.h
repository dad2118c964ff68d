#ifndef CMOSQUITTO_SHIM_H
#define CMOSQUITTO_SHIM_H
#include <stdbool.h>
#include <stdlib.h>
#include <mosquitto.h>
#include <mqtt_protocol.h>   /* MQTT_PROP_*, MQTT_SUB_OPT_* */
#include <malloc.h>          /* malloc_trim, after a burst of received messages */
#endif
