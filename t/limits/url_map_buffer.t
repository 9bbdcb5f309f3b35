# URL_MAP buffers a filter resizes or replaces (issue 10, item 5).  IIS
# hands URL_MAP a buffer the filter may rewrite in place, or replace by
# pointing pszPhysicalPath at memory of its own (an AllocMem block, a
# static buffer), which IIS then maps.  The bridge must not trust
# cbPathBuff as the filter leaves it, and never write into memory a
# filter points it at.  Filter t/filters/lim_url_map.c, scenario
# isf_lim_url_map.
use strict;
use warnings FATAL => 'all';

use Time::HiRes ();

use Apache::Test qw(-withtestmore);
use Apache::TestUtil;
use ISF::Test qw(raw_request parse_responses);
use ISF::CB qw(http_req error_log_mark error_log_since);
use ISF::Hostile qw(page crash_lines sanitizer_lines);

plan tests => 4 + 2 * 4 + 3, need_module 'isapi_filter';

my $mark = error_log_mark();
my $page = page();
my $target = page('req/target.html');
my $target_path = Apache::Test::vars('documentroot') . '/req/target.html';

sub get {
    my (@hdr) = @_;
    my ($res) = parse_responses(scalar raw_request(
        module => 'isf_lim_url_map', timeout => 5,
        data => http_req('/index.html', @hdr, close => 1)));
    return $res || { status => 0, body => '', headers => {} };
}

# ---- cbPathBuff set to nonsense, path left alone ---------------------------
for my $case (['buff0', 0], ['buffmax', '0x7fffffff']) {
    my ($op, $val) = @$case;
    my $res = get('X-Lim-Map' => $op);
    is $res->{status}, 200, "URL_MAP that sets cbPathBuff to $val and "
       . 'leaves the path alone: the file is served (no crash)';
    ok $res->{body} eq $page, "... and it is the requested file, whole "
       . "(cbPathBuff $val)";
}

# ---- pszPhysicalPath pointed at the filter's own buffer --------------------
for my $case (['alloc', 'an AllocMem block'],
              ['static', 'a static 8 KiB buffer']) {
    my ($op, $what) = @$case;
    my $res = get('X-Lim-Map' => $op, 'X-Lim-Path' => $target_path);
    is $res->{status}, 200, "URL_MAP that points pszPhysicalPath at $what "
       . 'holding another existing file: 200';
    ok $res->{body} eq $target, "... the file at that path is served "
       . '(the filter\'s path wins, as in IIS), not /index.html';
    is $res->{headers}->{'x-lim-mapped'}, '/index.html',
       "... after one URL_MAP, for /index.html ($what)";
    is $res->{headers}->{'x-lim-buffer'}, 'intact', '... and the bridge '
       . "wrote nothing into $what (path and every byte after its NUL "
       . 'unchanged)';
}

# ---- Nothing crashed --------------------------------------------------------
my $res = get();
ok $res->{status} == 200 && $res->{body} eq $page,
   'the server answers a plain request afterwards';
Time::HiRes::sleep(0.3);   # the parent logs a dead child on its next tick
my $log = error_log_since($mark);
my @crash = crash_lines($log);
is scalar(@crash), 0, 'no child process died (no "exit signal" in '
   . 'error_log)' or diag(@crash);
my @san = sanitizer_lines($log);
is scalar(@san), 0, 'no sanitizer report in error_log' or diag(@san);
