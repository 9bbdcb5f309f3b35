# Issue 10 item 2: every byte written to a connection belongs to a site.
# A response's bytes (head to end) belong to its request's site: only
# global filters and that site's filters see them in SEND_RAW_DATA.
# Bytes of no request (the interim "100 Continue") are seen by global
# filters only, never by a site filter, not even the default virtual
# host's for a request to the default host itself.  A site filter gets
# END_OF_NET_SESSION only on connections that carried a request of its
# site, and then once.
#
# Throwaway servers (event MPM) with name-based hosts d (the default), a
# and b on one address, each running t/cgi-bin/life_echo.pl as /cgi/echo;
# d has the recorder t/filters/life_rec_site.c (t/logs/life_rec_site.log).
# Three set-ups: no global filter (b's requests then had no request record
# in the bridge, and d's filter got b's whole response); the global
# PREPROC_HEADERS filter life_preproc.c (d's filter then still got b's
# 100 Continue); the global recorder life_rec_global.c, which must see
# everything.
use strict;
use warnings FATAL => 'all';

use File::Spec::Functions qw(catfile);
use IO::Select ();
use Time::HiRes ();

use Apache::Test;
use Apache::TestUtil;
use ISF::Test qw(httpd_start parse_responses raw_connect free_port
                 read_into final_complete);
use ISF::CB qw(tag log_lines wait_log note);

my @setups = (
    [none   => undef],
    [preproc => 'life_preproc.so'],
    [global => 'life_rec_global.so'],
);
plan tests => 12 * @setups + 3, need_module qw(isapi_filter cgid alias);

my $vars = Apache::Test::vars();
my $echo = catfile($vars->{serverroot}, 'cgi-bin', 'life_echo.pl');
my $BODY = '0123456789';

sub truncate_log {
    my $f = catfile($vars->{t_logs}, shift);
    open my $fh, '>', $f or die "$f: $!\n";
    close $fh;
}

# One connection; each step is [method, host letter, tag, expect, close].
# A POST carries $BODY, after the 100 when it asked for one.  Returns the
# bytes received and the methods (for parse_responses).
sub conversation {
    my ($port, @steps) = @_;
    my $sock = eval { raw_connect(port => $port) } or return ('', []);
    my ($buf, @methods) = ('');
    for (@steps) {
        my ($method, $host, $tag, $expect, $close) = @$_;
        my $start = length $buf;
        my $req = "$method /cgi/echo HTTP/1.1\r\nHost: $host.life.test\r\n"
                . "X-Life-Tag: $tag\r\n";
        $req .= "Connection: close\r\n" if $close;
        if ($method eq 'POST') {
            $req .= "Content-Type: text/plain\r\nContent-Length: "
                  . length($BODY) . "\r\n";
            $req .= "Expect: 100-continue\r\n" if $expect;
        }
        $req .= "\r\n";
        push @methods, $method;
        if ($method eq 'POST' and $expect) {
            print $sock $req;
            read_into($sock, \$buf, qr{^HTTP/1\.1 100 [^\r\n]*\r\n\r\n},
                      5, $start) or last;
            print $sock $BODY;
        }
        else {
            print $sock $req . ($method eq 'POST' ? $BODY : '');
        }
        read_into($sock, \$buf, \&final_complete, 5, $start) or last;
    }
    if ($steps[-1][4]) {
        # The server closes: read what is left, until it does.
        read_into($sock, \$buf, qr{(?!)}, 2, length $buf);
    }
    close $sock;
    return ($buf, \@methods);
}

# The bytes a recorder saw, in order.
sub seen_bytes {
    my $log = shift;
    return join '', map { /^RAW ([0-9a-f]*)$/ ? pack('H*', $1) : () }
        log_lines($log, qr/^RAW /);
}

sub statuses {
    my ($raw, $methods) = @_;
    return join ' ', map { $_->{status} // 'incomplete' }
        parse_responses($raw, methods => $methods);
}

# How many times $needle occurs in $hay.
sub count {
    my ($hay, $needle) = @_;
    my $n = () = $hay =~ /\Q$needle\E/g;
    return $n;
}

for my $setup (@setups) {
    my ($name, $global) = @$setup;
    my $port = free_port();
    my $vh = '';
    for my $h (qw(d a b)) {
        $vh .= "<VirtualHost 127.0.0.1:$port>\n  ServerName $h.life.test\n"
             . "  ScriptAlias /cgi/echo $echo\n"
             . ($h eq 'd' ? "  ISAPIFilter filters/life_rec_site.so\n" : '')
             . "</VirtualHost>\n";
    }
    my $s = httpd_start("KeepAlive On\nKeepAliveTimeout 10\n"
                        . ($global ? "ISAPIFilter filters/$global\n" : '')
                        . $vh,
                        port => $port, keep => 1, name => "life_sb_$name",
                        modules => [qw(mpm_event authz_core mime dir alias
                                       cgid)]);
    ok t_cmp($s->{started}, 1, "$name: the server with name-based hosts "
             . "d (recorder), a, b starts");

    # ---- A connection that asks b only -------------------------------------
    truncate_log($_) for qw(life_rec_site.log life_rec_global.log);
    my $t1 = tag("sb-$name-b");
    my ($raw, $m) = conversation($port, ['GET', 'b', $t1],
                                 ['POST', 'b', $t1, 1, 1]);
    ok t_cmp(statuses($raw, $m), '200 100 200',
             "$name: b answers a GET, then a 100-continue POST")
        or note("received: " . substr($raw, 0, 600));
    my $site = seen_bytes('life_rec_site.log');
    ok t_cmp(index($site, 'site=b.life.test') < 0
             && index($site, 'HTTP/1.1 200') < 0 ? 1 : 0, 1,
             "$name: the default host's site filter sees nothing of b's "
             . "responses (status line, headers, body)")
        or note("d's filter saw: " . substr($site, 0, 300));
    ok t_cmp(index($site, '100 Continue'), -1,
             "$name: nor b's interim 100 Continue (a byte of no request: "
             . "global filters only)");
    ok t_cmp(length($site), 0, "$name: the default host's site filter "
             . "sees no byte at all of a connection that asked b only");
    my $global_saw = $name eq 'global' ? seen_bytes('life_rec_global.log')
                                       : '';
    my @global_ens;
    if ($name eq 'global') {
        # (The server's start-up probe made a connection without a
        # request: the global filter rightly got an ENS for it too.)
        @global_ens = wait_log('life_rec_global.log',
                               qr/^ENS tags=\Q$t1\E/);
    }
    Time::HiRes::sleep(0.3);

    # ---- A connection: d, then b, then a 100-continue POST for d -----------
    my $t2 = tag("sb-$name-d");
    ($raw, $m) = conversation($port, ['GET', 'd', "$t2-1"],
                              ['GET', 'b', "$t2-b"],
                              ['POST', 'd', "$t2-2", 1, 1]);
    ok t_cmp(statuses($raw, $m), '200 200 100 200',
             "$name: d, b, then a 100-continue POST for d on one "
             . "connection are answered")
        or note("received: " . substr($raw, 0, 600));
    $site = seen_bytes('life_rec_site.log');
    ok t_cmp(count($site, 'HTTP/1.1 200 OK') . ' '
             . count($site, 'site=d.life.test'), '2 2',
             "$name: control: d's site filter sees both of d's responses, "
             . "head and body");
    ok t_cmp(index($site, 'site=b.life.test'), -1,
             "$name: and none of b's response on the same connection");
    ok t_cmp(index($site, '100 Continue'), -1,
             "$name: nor the 100 Continue of a request for d itself (an "
             . "interim response belongs to no request)");
    my @ens = wait_log('life_rec_site.log', qr/^ENS tags=\Q$t2\E/,
                       qr/^ENS /);
    ok t_cmp(join(' | ', @ens), "ENS tags=$t2-1,$t2-2",
             "$name: d's site filter gets END_OF_NET_SESSION once, for the "
             . "connection that asked d, and no END_OF_NET_SESSION for the "
             . "connection that asked b only");
    ok t_cmp(scalar(grep { /host=b\./ }
                    log_lines('life_rec_site.log', qr/^REQ /)), 0,
             "$name: d's site filter sees no request event of b");
    if ($name eq 'global') {
        ok t_cmp(index($global_saw, 'site=b.life.test') >= 0
                 && index($global_saw, 'HTTP/1.1 200 OK') >= 0 ? 1 : 0, 1,
                 'a global raw filter sees b\'s responses');
        ok t_cmp(index($global_saw, "HTTP/1.1 100 Continue\r\n\r\n") >= 0
                 ? 1 : 0, 1,
                 'a global raw filter sees the interim 100 Continue');
        ok t_cmp(join(' | ', @global_ens), "ENS tags=$t1,$t1",
                 'a global filter gets END_OF_NET_SESSION for the '
                 . 'connection that asked b only, once');
    }
    $s->{stop}->();
    my @dead = do {
        open my $fh, '<', catfile($s->{dir}, 'error_log') or die;
        local $/;
        (<$fh> // '') =~ /^(.*exit signal.*)$/mg;
    };
    ok t_cmp(scalar(@dead), 0, "$name: no child died")
        or note(@dead);
}
