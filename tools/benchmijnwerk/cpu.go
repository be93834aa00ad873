package main

import (
	"bytes"
	"os"
	"strconv"
)

// cpuTimes are the machine's CPU times since boot from /proc/stat, in
// clock ticks, summed over all CPUs: busy (user, nice, system, irq,
// softirq, steal) and idle (idle, iowait). Zero where /proc/stat is not
// there (not Linux).
type cpuTimes struct{ busy, idle int64 }

// cpuUse is the CPU time of one measurement.
type cpuUse struct{ busy, idle int64 }

// clockTicks is USER_HZ, 100 on every Linux architecture Go supports.
const clockTicks = 100

func readCPU() cpuTimes {
	b, err := os.ReadFile("/proc/stat")
	if err != nil {
		return cpuTimes{}
	}
	line, _, _ := bytes.Cut(b, []byte("\n"))
	f := bytes.Fields(line)
	if len(f) < 9 || string(f[0]) != "cpu" {
		return cpuTimes{}
	}
	var v [8]int64
	for i := range v {
		if v[i], err = strconv.ParseInt(string(f[i+1]), 10, 64); err != nil {
			return cpuTimes{}
		}
	}
	// user nice system idle iowait irq softirq steal
	return cpuTimes{busy: v[0] + v[1] + v[2] + v[5] + v[6] + v[7], idle: v[3] + v[4]}
}

func (t cpuTimes) since(from cpuTimes) cpuUse {
	if from == (cpuTimes{}) || t == (cpuTimes{}) {
		return cpuUse{}
	}
	return cpuUse{busy: t.busy - from.busy, idle: t.idle - from.idle}
}

func (u cpuUse) known() bool { return u.busy+u.idle > 0 }

// perRequest is the busy CPU time per request, in µs.
func (u cpuUse) perRequest(requests int64) float64 {
	if requests == 0 {
		return 0
	}
	return float64(u.busy) * 1e6 / clockTicks / float64(requests)
}

// idlePct is the share of the CPU left idle, in %.
func (u cpuUse) idlePct() float64 {
	return 100 * float64(u.idle) / float64(u.busy+u.idle)
}
