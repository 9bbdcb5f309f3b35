# The module registers its request hooks while the ISAPIFilter lines are
# read, for the events the loaded filters asked for, and httpd drops every
# hook before it reads the configuration again.  So a graceful restart
# must bring in the hooks of a filter added meanwhile, drop those of one
# removed, and bring them back after a generation that loaded no filter
# at all.  One throwaway server goes through four configurations:
#   1 tag_response (SEND_RESPONSE)              X-ISF-Tag, no X-Map-Url
#   2 tag_response + req_url_map (URL_MAP)      X-ISF-Tag and X-Map-Url
#   3 the module loaded, no filter              neither; still serving
#   4 req_url_map alone                         X-Map-Url, no X-ISF-Tag
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use Time::HiRes ();
use ISF::Test qw(httpd_start raw_request parse_responses);

plan tests => 13, need_module 'isapi_filter';

my $tag = 'ISAPIFilter filters/tag_response.so';
my $map = 'ISAPIFilter filters/req_url_map.so';

my $s = httpd_start("# filters\n$tag\n", keep => 1, name => 'restart_hooks');
ok t_cmp($s->{started}, 1, 'the server starts with tag_response')
    or t_debug($s->{output}, $s->{error_log});

sub get {
    my ($res) = parse_responses(scalar raw_request(port => $s->{port},
        data => "GET / HTTP/1.0\r\nHost: localhost\r\n\r\n"));
    return $res || { status => 0, headers => {} };
}

# Rewrite the filter lines and restart gracefully; then wait (up to 15 s)
# until a response shows the new generation, as $done decides.
sub generation {
    my ($lines, $done) = @_;
    open my $in, '<', $s->{conf} or die "$s->{conf}: $!";
    my $conf = do { local $/; <$in> };
    close $in;
    $conf =~ s/# filters\n.*?(?=\n[^I]|\z)/# filters\n$lines/s
        or die "no filter lines in $s->{conf}";
    open my $out, '>', $s->{conf} or die "$s->{conf}: $!";
    print $out $conf;
    close $out;
    my ($st, $output) = ISF::Test::_run(
        ISF::Test::_httpd_cmd($s->{conf}, '-k', 'graceful'));
    t_debug("graceful: $st $output") if $st;
    my $deadline = Time::HiRes::time() + 15;
    my $res;
    while (Time::HiRes::time() < $deadline) {
        $res = get();
        return $res if $res->{status} && $done->($res);
        Time::HiRes::sleep(0.1);
    }
    return $res;
}

my $h = sub { $_[0]->{headers}->{$_[1]} };

# Apache::Test's ok() takes an expected value second: name via t_debug.
sub check {
    my ($cond, $name) = @_;
    t_debug($name);
    ok($cond ? 1 : 0);
}

SKIP: {
    skip 'the server did not start', 12 unless $s->{started};

    my $res = get();
    ok t_cmp($h->($res, 'x-isf-tag'), 'tag_response',
             '1: SEND_RESPONSE is raised');
    check(!defined $h->($res, 'x-map-url'), '1: no URL_MAP filter yet');

    $res = generation("$tag\n$map\n", sub { defined $h->($_[0], 'x-map-url') });
    check(defined $h->($res, 'x-map-url'),
          '2: a filter added by a graceful restart gets URL_MAP');
    ok t_cmp($h->($res, 'x-map-url'), qr{^\[/\]},
             '2: ... for the request\'s URL');
    ok t_cmp($h->($res, 'x-isf-tag'), 'tag_response',
             '2: the filter already there still gets SEND_RESPONSE');

    $res = generation("", sub { !defined $h->($_[0], 'x-isf-tag')
                                && !defined $h->($_[0], 'x-map-url') });
    check($res->{status} >= 200 && $res->{status} < 500,
          '3: with no filter the server still answers');
    check(!defined $h->($res, 'x-isf-tag'), '3: no SEND_RESPONSE');
    check(!defined $h->($res, 'x-map-url'), '3: no URL_MAP');

    $res = generation("$map\n", sub { defined $h->($_[0], 'x-map-url') });
    check(defined $h->($res, 'x-map-url'),
          '4: URL_MAP comes back after a generation without filters');
    check(!defined $h->($res, 'x-isf-tag'), '4: tag_response is gone');

    # A second request on the same generation: nothing left over.
    $res = get();
    check(defined $h->($res, 'x-map-url'), '4: every request gets URL_MAP');
    my $log = do {
        open my $fh, '<', "$s->{dir}/error_log" or die $!;
        local $/;
        <$fh>;
    };
    check($log !~ /\b(?:segfault|Segmentation|exit signal)\b/,
          'no child crashed across the restarts') or t_debug($log);
}

$s->{stop}->() if $s->{started};
