// StdAfx.h : the project's precompiled header.
#pragma once

#include <Windows.h>
#include <HttpFilt.h>
#include <WinInet.h>
#include <stdio.h>
