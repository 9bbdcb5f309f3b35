#!/usr/bin/perl
# cgdiff.pl: where do one configuration's extra instructions go?
#
#   bench/cgdiff.pl [--inclusive] CGDIR BASE OTHER [LIMIT]
#
# CGDIR is the callgrind directory bench/run.sh's (h) step leaves in its
# run directory (<run dir>/callgrind), holding <config>.0/callgrind.out
# (start-up and shut-down only) and <config>.<N>/callgrind.out (the same
# with N requests).  For each function, prints
#     ((OTHER.N - OTHER.0) - (BASE.N - BASE.0)) / N
# i.e. the instructions per request OTHER spends there beyond BASE,
# largest first.  Example: bench/cgdiff.pl /tmp/isf-bench.XXXX/callgrind a c
use strict;
use warnings;

my $incl = 0;
if (@ARGV && $ARGV[0] eq '--inclusive') { $incl = 1; shift }
my ($dir, $base, $other, $limit) = @ARGV;
die "usage: $0 [--inclusive] CGDIR BASE OTHER [LIMIT]\n" unless $other;
$limit ||= 40;

sub runs {
    my $cfg = shift;
    my ($n) = grep { $_ > 0 } map { m{\.(\d+)$} ? $1 : () } glob("$dir/$cfg.*");
    die "no $dir/$cfg.<N> profile\n" unless $n;
    return ($n, "$dir/$cfg.$n/callgrind.out", "$dir/$cfg.0/callgrind.out");
}

my %obj;
sub costs {
    my $f = shift;
    my (%c, $total);
    open my $fh, '-|', 'callgrind_annotate', '--auto=no', '--threshold=100',
        '--inclusive=' . ($incl ? 'yes' : 'no'), $f
        or die "callgrind_annotate: $!\n";
    while (<$fh>) {
        if (/^\s*([\d,]+)\s+\(\s*[\d.]+%\)\s+PROGRAM TOTALS/) {
            ($total = $1) =~ tr/,//d;
        }
        elsif (/^\s*([\d,]+)\s+\(\s*[\d.]+%\)\s+(.*?):([^:\s]+)(?: \[(.*)\])?\s*$/) {
            my ($v, $fn, $o) = ($1, $3, $4);
            $v =~ tr/,//d;
            $c{$fn} += $v;
            $obj{$fn} //= $o =~ s{.*/}{}r if defined $o;
        }
    }
    close $fh or die "callgrind_annotate $f failed\n";
    return ($total, \%c);
}

my ($nb, $bN, $b0) = runs($base);
my ($no, $oN, $o0) = runs($other);
die "$base and $other were run with different request counts\n" if $nb != $no;
my ($tbN, $cbN) = costs($bN);
my ($tb0, $cb0) = costs($b0);
my ($toN, $coN) = costs($oN);
my ($to0, $co0) = costs($o0);
my %all = map { $_ => 1 } (keys %$cbN, keys %$cb0, keys %$coN, keys %$co0);
my @rows;
for my $fn (keys %all) {
    my $d = (($coN->{$fn} // 0) - ($co0->{$fn} // 0))
          - (($cbN->{$fn} // 0) - ($cb0->{$fn} // 0));
    push @rows, [$fn, $d / $nb];
}
@rows = sort { abs($b->[1]) <=> abs($a->[1]) } @rows;
my $pb = ($tbN - $tb0) / $nb;
my $po = ($toN - $to0) / $nb;
printf "instructions per request: %s %.0f, %s %.0f: %+.0f (%+.2f%%)%s\n\n",
    $base, $pb, $other, $po, $po - $pb, ($po / $pb - 1) * 100,
    $incl ? " (inclusive costs below: they overlap)" : "";
printf "%10s  %s\n", "Ir/req", "function [object]";
for my $r (@rows[0 .. ($limit < @rows ? $limit - 1 : $#rows)]) {
    printf "%+10.1f  %s%s\n", $r->[1], $r->[0],
        $obj{$r->[0]} ? " [$obj{$r->[0]}]" : "";
}
