// stdafx.h : the project's precompiled header (plain C++, no MFC).
#pragma once

#define WIN32_LEAN_AND_MEAN
#include <windows.h>
#include <httpfilt.h>

#include <stdexcept>
#include <string>
#include <vector>
