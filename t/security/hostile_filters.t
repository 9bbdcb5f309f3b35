# Hostile filters: a filter that passes NULL, forged or lying arguments,
# calls callbacks from the wrong event or after the client left, returns
# nonsense, sleeps, or recurses must get FALSE (or NULL) with the
# documented Win32 error, and the server must go on answering with no
# child crash.  Filters t/filters/hostile_*.c, scenarios isf_sec_* in
# t/conf/security.conf.in; filters that report after the response (LOG,
# END_OF_REQUEST, END_OF_NET_SESSION) write t/logs/hostile_*.log.
use strict;
use warnings FATAL => 'all';

use IO::Select ();
use Time::HiRes ();

use Apache::Test;
use Apache::TestUtil;
use ISF::Test qw(raw_request raw_connect parse_responses);
use ISF::CB qw(http_req read_until log_lines wait_log error_log_mark
               error_log_since wait_error_log note);
use ISF::Hostile qw(check truncate_log reset_close page crash_lines
                    sanitizer_lines);

# ---- What the battery of hostile_args.c checks, per event -------------------
my %CHECK = (
    gsv_null_name      => 'GetServerVariable with a NULL name',
    gsv_null_size      => 'GetServerVariable with a NULL lpdwSize',
    gsv_null_buf       => 'GetServerVariable with a NULL buffer and a size',
    gsv_size           => 'GetServerVariable size protocol: honest sizes, '
                          . 'nothing written outside the buffer',
    gsv_size_unicode   => 'UNICODE_ variable size protocol: honest sizes, '
                          . 'nothing written outside the buffer',
    gsv_size_url       => 'size protocol of URL: honest, in bounds',
    gsv_size_all_raw   => 'size protocol of ALL_RAW: honest, in bounds',
    gsv_no_request     => 'a request variable with no request: ERROR_NO_DATA',
    wc_null_buf        => 'WriteClient with a NULL buffer and a length',
    wc_null_len        => 'WriteClient with a NULL lpdwBytes',
    arh_null           => 'AddResponseHeaders(NULL)',
    alloc_zero         => 'AllocMem(0)',
    ssf_connid_null    => 'SF_REQ_GET_CONNID with NULL pData',
    ssf_property_null  => 'SF_REQ_GET_PROPERTY with NULL pData',
    ssf_normalize_null => 'SF_REQ_NORMALIZE_URL with NULL pData',
    ssf_denial_null    => 'SF_REQ_ADD_HEADERS_ON_DENIAL with NULL pData',
    ssf_read_size_zero => 'SF_REQ_SET_NEXT_READ_SIZE of 0',
    ssf_disable_zero   => 'SF_REQ_DISABLE_NOTIFICATIONS of no event',
    ssf_unknown_code   => 'ServerSupportFunction with an unknown code',
    ssf_negative_code  => 'ServerSupportFunction with code -1',
    hdr_get_null_name  => 'GetHeader with a NULL name',
    hdr_get_null_size  => 'GetHeader with a NULL lpdwSize',
    hdr_set_null_name  => 'SetHeader with a NULL name',
    hdr_add_null_name  => 'AddHeader with a NULL name',
    hdr_stale_get      => 'GetHeader saved in PREPROC_HEADERS, called here',
    hdr_stale_set      => 'SetHeader saved in PREPROC_HEADERS, called here',
    hdr_stale_add      => 'AddHeader saved in PREPROC_HEADERS, called here',
    hdr_stale_url      => 'SetHeader("url") saved in PREPROC_HEADERS, '
                          . 'called here',
    pfc_null           => 'every callback with a NULL pfc',
    pfc_copy           => 'every callback with a copy of the pfc',
    pfc_ctx_null       => 'every callback with ServerContext zeroed',
    pfc_ctx_zero_buf   => 'every callback with ServerContext at zeroed memory',
    pfc_ctx_shifted    => 'every callback with ServerContext moved 8 bytes',
    pfc_ctx_wild_low   => 'every callback with ServerContext = 0x10',
    pfc_ctx_wild_high  => 'every callback with ServerContext at unmapped '
                          . 'memory',
    pfc_still_works    => 'the real pfc still works after the hostile calls',
    ssf_head_late      => 'SF_REQ_SEND_RESPONSE_HEADER after the response',
    arh_late           => 'AddResponseHeaders after the response '
                          . '(ERROR_NOT_SUPPORTED while the request exists)',
);
my @COMMON = qw(gsv_null_name gsv_null_size gsv_null_buf gsv_size
                gsv_size_unicode wc_null_buf wc_null_len arh_null alloc_zero
                ssf_connid_null ssf_property_null ssf_normalize_null
                ssf_denial_null ssf_read_size_zero ssf_disable_zero
                ssf_unknown_code ssf_negative_code pfc_null pfc_copy
                pfc_ctx_null pfc_ctx_zero_buf pfc_ctx_shifted
                pfc_ctx_wild_low pfc_ctx_wild_high pfc_still_works);
my @HDR   = qw(hdr_get_null_name hdr_get_null_size hdr_set_null_name
               hdr_add_null_name);
my @STALE = qw(hdr_stale_get hdr_stale_set hdr_stale_add hdr_stale_url);
my @REQ   = qw(gsv_size_url gsv_size_all_raw);
my @LATE  = qw(ssf_head_late arh_late);
my %EVENTS = (
    PREPROC_HEADERS    => [@COMMON, @REQ, @HDR],
    URL_MAP            => [@COMMON, @REQ, @STALE],
    SEND_RESPONSE      => [@COMMON, @REQ, @HDR],
    END_OF_REQUEST     => [@COMMON, @REQ, @STALE, @LATE],
    LOG                => [@COMMON, @REQ, @STALE, @LATE],
    END_OF_NET_SESSION => [@COMMON, 'gsv_no_request', @STALE, @LATE],
);
my @EV_ORDER = qw(PREPROC_HEADERS URL_MAP SEND_RESPONSE END_OF_REQUEST LOG
                  END_OF_NET_SESSION);
my $battery_tests = 0;
$battery_tests += @{ $EVENTS{$_} } for @EV_ORDER;

my @HEAD_LABELS = qw(status-crlf status-lf status-cr status-word status-low
                     status-high status-long status-ctl hdr-no-colon
                     hdr-bare-cr hdr-fold hdr-space-name hdr-empty-name
                     hdr-after-blank hdr-ctl-value hdr-del-value
                     hdr-colon-only);

plan tests => 4 + $battery_tests + 5 + 3 + 7 + 13 + (@HEAD_LABELS + 5)
            + 6 + 10 + 4 + 7 + 3,
     need_module 'isapi_filter';

my $mark = error_log_mark();
my $page = page();

sub alive {
    my $module = shift;
    my ($res) = parse_responses(scalar raw_request(module => $module,
                                 data => http_req('/index.html', close => 1)));
    return $res && $res->{status} == 200 && $res->{body} eq $page;
}

# ---- NULL, forged and stale arguments, in every event -----------------------
truncate_log('hostile_args.log');
my ($raw, $info) = raw_request(module => 'isf_sec_args',
    data => http_req('/index.html', 'X-Hostile-Op' => 'battery', close => 1));
my ($res) = parse_responses($raw);
ok t_cmp($res->{status}, 200,
         'a request whose filter made every hostile call is still served');
ok t_cmp($res->{body}, $page, 'and its body arrives intact');
my @leaked = grep { /^x-(?:stale|bad-pfc)$/i }
             map { $_->[0] } @{ $res->{header_list} };
ok t_cmp(scalar(@leaked), 0,
   'no header from a refused call (stale SetHeader, forged pfc) reached '
   . 'the response');
ok t_cmp(substr($raw, 0, 9), 'HTTP/1.1 ',
         'no byte from a refused WriteClient reached the wire');
wait_log('hostile_args.log', qr/^END_OF_NET_SESSION pfc_still_works /);
my %got;
for (log_lines('hostile_args.log', qr/^\S+ \S+ /)) {
    my ($ev, $check, $what) = /^(\S+) (\S+) (.*)$/;
    $got{$ev}{$check} //= $what;
}
for my $ev (@EV_ORDER) {
    for my $check (@{ $EVENTS{$ev} }) {
        ok t_cmp($got{$ev}{$check}, 'OK',
                 "$ev: $CHECK{$check} gives FALSE/NULL with "
                 . "ERROR_INVALID_PARAMETER (or the documented answer), "
                 . "no crash");
    }
}

# ---- ServerContext zeroed for good ------------------------------------------
truncate_log('hostile_args.log');
$raw = raw_request(module => 'isf_sec_args',
    data => http_req('/index.html', 'X-Hostile-Op' => 'zero-keep')
          . http_req('/index.html', close => 1));
my @res = parse_responses($raw);
ok t_cmp(scalar(grep { $_->{status} == 200 } @res), 2,
         'a connection whose filter zeroed pfc->ServerContext goes on '
         . 'serving requests');
my @zl = wait_log('hostile_args.log', qr/^END_OF_NET_SESSION zeroed/,
                  qr/ zeroed /);
ok t_cmp(scalar(grep { / zeroed OK$/ } @zl), scalar(@zl),
         'every callback through the zeroed pfc failed with '
         . 'ERROR_INVALID_PARAMETER');
ok t_cmp(scalar(grep { /^PREPROC_HEADERS zeroed/ } @zl), 2,
         'PREPROC_HEADERS of both requests ran with the zeroed pfc');
ok t_cmp(scalar(grep { /^END_OF_NET_SESSION zeroed/ } @zl), 1,
         'END_OF_NET_SESSION still reaches a filter with a zeroed pfc');
ok t_cmp(scalar(grep { /^(LOG|END_OF_REQUEST) zeroed/ } @zl), 4,
         'END_OF_REQUEST and LOG of both requests ran with the zeroed pfc');

# ---- WriteClient from LOG ---------------------------------------------------
truncate_log('hostile_args.log');
$raw = raw_request(module => 'isf_sec_args',
    data => http_req('/index.html', 'X-Hostile-Op' => 'logwrite'));
my @lw = wait_log('hostile_args.log', qr/^LOG logwrite /);
ok t_cmp(scalar(@lw), 1, 'WriteClient from LOG returns (no crash)');
note("WriteClient from LOG: $lw[0]") if @lw;
$raw = raw_request(module => 'isf_sec_args',
    data => http_req('/index.html', 'X-Hostile-Op' => 'logwrite')
          . http_req('/index.html', close => 1));
my @ok200 = $raw =~ m{HTTP/1\.1 200 OK\r\n}g;
ok t_cmp(scalar(@ok200), 2, 'after a WriteClient from LOG the next '
         . 'request on the connection is still answered');
check alive('isf_sec_args'), 'the server answers after the LOG write';

# ---- AllocMem past ISAPIFilterAllocLimit (4096) -----------------------------
{
    my $sock = raw_connect(module => 'isf_sec_alloc');
    print $sock http_req('/index.html',
                         'X-Alloc' => '3000,2000,1096,1,4294967295,0');
    my ($r1) = parse_responses(read_until($sock, qr/<\/html>/));
    ok t_cmp($r1->{headers}->{'x-alloc-result'},
             'ok,NULL 8,ok,NULL 8,NULL 8,NULL 87',
             'AllocMem up to ISAPIFilterAllocLimit succeeds; past it (by one '
             . 'byte, or by 4 GiB) NULL with ERROR_NOT_ENOUGH_MEMORY; 0 bytes '
             . 'ERROR_INVALID_PARAMETER');
    ok t_cmp($r1->{status}, 200,
             'the request whose AllocMem failed is served');
    print $sock http_req('/index.html', 'X-Alloc' => '1', close => 1);
    my ($r2) = parse_responses(read_until($sock, qr/<\/html>/));
    ok t_cmp($r2->{status}, 200,
             'the connection keeps working after AllocMem was refused');
    ok t_cmp($r2->{headers}->{'x-alloc-result'}, 'NULL 8',
             'the limit is per connection: the next request on it gets no '
             . 'more');
    close $sock;
    ($res) = parse_responses(scalar raw_request(module => 'isf_sec_alloc',
        data => http_req('/index.html', 'X-Alloc' => '4096,1', close => 1)));
    ok t_cmp($res->{headers}->{'x-alloc-result'}, 'ok,NULL 8',
             'a new connection starts with the whole limit again');
    ok t_cmp($res->{body}, $page, 'and is served');
    check alive('isf_sec_alloc'),
          'the server answers after refused AllocMem calls';
}

# ---- Unknown status from each event -----------------------------------------
my $BOGUS = '0x0badf00d';   # what hostile_status.c returns

# The ISF6 line error_log got (since $m) for hostile_status.so in $ev.
sub isf6_line {
    my ($m, $ev) = @_;
    my $re = qr/ISF6: unknown status, treated as SF_STATUS_REQ_ERROR, from /
           . qr/filter hostile_status\.so in $ev /;
    my ($line) = wait_error_log($m, $re) =~ /^.*($re.*)$/m;
    return $line;
}
for my $ev (qw(PREPROC_HEADERS URL_MAP SEND_RESPONSE)) {
    my $m = error_log_mark();
    ($res) = parse_responses(scalar raw_request(module => 'isf_sec_status',
        data => http_req('/index.html', 'X-Bad-Status-In' => $ev,
                         close => 1)));
    ok t_cmp($res->{status}, 500,
             "an unknown status from $ev fails the request with 500");
    ok t_cmp(isf6_line($m, $ev), qr/ \(status $BOGUS, GetLastError 87\)/,
             "an unknown status from $ev is logged as ISF6, naming filter, "
             . "event and status");
}
for my $ev (qw(END_OF_REQUEST LOG)) {
    my $m = error_log_mark();
    ($res) = parse_responses(scalar raw_request(module => 'isf_sec_status',
        data => http_req('/index.html', 'X-Bad-Status-In' => $ev,
                         close => 1)));
    ok t_cmp($res->{body}, $page, "an unknown status from $ev comes after "
             . 'the response, which arrives whole');
    ok t_cmp(isf6_line($m, $ev), qr/ \(status $BOGUS,/,
             "an unknown status from $ev is logged as ISF6");
}
{
    my $m = error_log_mark();
    ($raw, $info) = raw_request(module => 'isf_sec_status',
        data => http_req('/index.html', 'X-Bad-Status-In' => 'SEND_RAW_DATA')
              . http_req('/index.html'));
    @res = parse_responses($raw);
    ok t_cmp(scalar(@res) <= 1 && $info->{closed}, 1,
             'an unknown status from SEND_RAW_DATA ends the connection: the '
             . 'pipelined second request gets no answer');
    ok t_cmp(isf6_line($m, 'SEND_RAW_DATA'), qr/ \(status $BOGUS,/,
             'an unknown status from SEND_RAW_DATA is logged as ISF6');
}
check alive('isf_sec_status'), 'the server answers after unknown statuses';

# ---- Malformed heads through SF_REQ_SEND_RESPONSE_HEADER --------------------
{
    my $sock = raw_connect(module => 'isf_sec_head');
    print $sock http_req('/index.html', 'X-Hostile-Op' => 'head');
    my $bytes = read_until($sock, qr/^again .*\n/m);
    ($res) = parse_responses($bytes);
    my %r = map { /^(\S+)\s+(\S+)\s+(\d+)$/ ? ($1 => "$2 $3") : () }
            split /\n/, $res->{body};
    for my $label (@HEAD_LABELS) {
        ok t_cmp($r{$label}, 'FALSE 87', "SF_REQ_SEND_RESPONSE_HEADER with "
                 . "a malformed head ($label) fails with "
                 . 'ERROR_INVALID_PARAMETER');
    }
    ok t_cmp($r{again}, 'FALSE 87', 'a second SF_REQ_SEND_RESPONSE_HEADER '
             . 'for the same request is refused');
    ok t_cmp($res->{headers}->{'x-clean'}, 'yes',
             'the valid head sent after the refused ones arrives');
    check $bytes !~ /X-Injected/i,
       'no byte of a refused head (X-Injected) reached the wire';
    print $sock http_req('/index.html', close => 1);
    my ($next) = parse_responses(read_until($sock, qr/<\/html>/));
    ok t_cmp($next->{status}, 200, 'the connection (FINISHED_KEEP_CONN) '
             . 'serves the next request after the refused heads');
    close $sock;
    check alive('isf_sec_head'),
          'the server answers after the malformed heads';
}

# ---- WriteClient after the client reset the connection ----------------------
truncate_log('hostile_late.log');
for my $case (['late-eor', "EOR-MARK\n", 'END_OF_REQUEST'],
              ['late-raw', "RAW-MARK\n", 'SEND_RAW_DATA']) {
    my ($op, $markword, $ev) = @$case;
    my $sock = raw_connect(module => 'isf_sec_late');
    print $sock http_req('/index.html', 'X-Hostile-Op' => $op);
    my $got = read_until($sock, qr/\Q$markword\E/);
    reset_close($sock);
    my ($line) = wait_log('hostile_late.log', qr/^$op /);
    ok t_cmp($line, qr/first=TRUE\/0 /,
             "WriteClient from $ev while the client is there succeeds");
    ok t_cmp($line, qr/late=FALSE\/64 again=FALSE\/64$/,
             "WriteClient from $ev after the client reset the connection "
             . 'fails with ERROR_NETNAME_DELETED, and again on a retry');
    check alive('isf_sec_late'),
       "the server answers after WriteClient to a reset connection ($ev)";
}

# ---- SEND_RAW_DATA lengths that lie (ISAPIFilterWindowSize 256) -------------
truncate_log('hostile_clamp.log');
{
    my $plain = raw_request(module => 'isf_sec_clamp',
                            data => http_req('/index.html', close => 1));
    my $L = length $plain;
    my $huge = raw_request(module => 'isf_sec_clamp',
        data => http_req('/index.html', 'X-Clamp' => 'huge', close => 1));
    ($res) = parse_responses($huge);
    ok t_cmp(length($huge), $L, 'cbInData = 0xFFFFFFF0 on a full window is '
             . 'clamped to the window: the response is as long as without');
    ok t_cmp($res->{body}, $page, '... and intact');
    my $skip = raw_request(module => 'isf_sec_clamp',
        data => http_req('/index.html', 'X-Clamp' => 'skip', close => 1));
    ok t_cmp(length($skip), $L - 100, 'pvInData moved 100 bytes into the '
             . 'window with cbInData = cbInBuffer: clamped to the end of the '
             . 'window (100 bytes fewer on the wire, none read past it)');
    ok t_cmp(substr($skip, -length $page), $page,
             '... and the bytes after that window arrive untouched');
    my $own = raw_request(module => 'isf_sec_clamp',
        data => http_req('/index.html', 'X-Clamp' => 'own', close => 1));
    ok t_cmp(substr($own, 0, 16), "<<OWN-BUFFER>>\r\n",
             "pvInData pointed at the filter's own buffer is sent");
    check $own !~ /CANARY/, 'cbInData past cbInBuffer of the filter\'s own '
       . 'buffer is clamped to cbInBuffer: nothing after it is read';
    ok t_cmp(length($own), $L - 256 + 16, '... exactly cbInBuffer (16) '
             . 'bytes replace the 256-byte window');
    my @cl = wait_log('hostile_clamp.log', qr/^own /, qr/^(huge|skip|own) /);
    ok t_cmp(scalar(grep { /len=256 cap=256$/ } @cl), 3,
             'each lie was told on a full 256-byte window');
    check alive('isf_sec_clamp'), 'the server answers after the lying lengths';
    my $keep = raw_request(module => 'isf_sec_clamp',
        data => http_req('/index.html', 'X-Clamp' => 'huge')
              . http_req('/index.html', close => 1));
    ok t_cmp(scalar(() = $keep =~ m{HTTP/1\.1 200 OK\r\n}g), 2,
             'a clamped window leaves the connection usable (keep-alive)');
}

# ---- WriteClient from SEND_RAW_DATA, recursively ----------------------------
truncate_log('hostile_recurse.log');
{
    my $max = 0;
    my $hdr = Apache::Test::vars('top_dir') . '/bridge/runtime/runtime.h';
    if (open my $fh, '<', $hdr) {
        while (<$fh>) {
            $max = $1 if /^#define ISF_MAX_DEPTH (\d+)/;
        }
    }
    $raw = raw_request(module => 'isf_sec_recurse',
        data => http_req('/index.html', 'X-Hostile-Op' => 'recurse',
                         close => 1));
    my ($line) = wait_log('hostile_recurse.log', qr/^recurse /);
    ok t_cmp($line, "recurse ok=$max refused=50",
             "WriteClient recursing from SEND_RAW_DATA succeeds "
             . "ISF_MAX_DEPTH ($max) levels deep, then fails with "
             . 'ERROR_NOT_SUPPORTED (no stack overflow)');
    my ($marks) = $raw =~ /^((?:<\d+>)*)/;
    ok t_cmp($marks, join('', map { "<$_>" } reverse 1 .. $max),
             'each nesting level\'s bytes reach the wire once, innermost '
             . 'first, none overwritten by a deeper level');
    ($res) = parse_responses(substr($raw, length $marks));
    ok t_cmp($res->{body}, $page, 'the response itself follows, intact');
    check alive('isf_sec_recurse'), 'the server answers after the recursion';
}

# ---- A filter that sleeps past Timeout (1 s) --------------------------------
# Timeout bounds the server's waits for I/O, not a filter's own time: the
# sleeping request completes, and other connections are served meanwhile
# (event MPM: other worker threads).
{
    my $SLEEP = 2500;   # ms, against Timeout 1
    my $t0 = Time::HiRes::time();
    my $slow = raw_connect(module => 'isf_sec_slow');
    print $slow http_req('/index.html', 'X-Sleep-Ms' => $SLEEP);
    Time::HiRes::sleep(0.2);
    my $served = 0;
    for (1 .. 5) {
        my ($r) = parse_responses(scalar raw_request(module => 'isf_sec_slow',
            data => http_req('/index.html', close => 1)));
        $served++ if $r && $r->{status} == 200 && !$r->{headers}->{'x-slept'};
    }
    my $during = Time::HiRes::time() - $t0;
    my $pending = !IO::Select->new($slow)->can_read(0);
    ok t_cmp($served, 5, 'other connections are served while a filter '
             . 'sleeps in PREPROC_HEADERS');
    check $pending, sprintf('... all of them before the sleeping request '
                            . 'answered (%.2f s after it was sent)',
                            $during);
    my $bytes = read_until($slow, qr/<\/html>/, 10);
    my $took = Time::HiRes::time() - $t0;
    ($res) = parse_responses($bytes);
    ok t_cmp($res->{status}, 200, 'the request whose filter slept 2.5 s '
             . 'with Timeout 1 completes (Timeout is an I/O timeout)');
    ok t_cmp($res->{headers}->{'x-slept'}, $SLEEP,
             '... after the whole sleep');
    check $took >= $SLEEP / 1000 - 0.1,
          sprintf('... %.2f s after it was sent', $took);
    print $slow http_req('/index.html', close => 1);
    my ($again) = parse_responses(read_until($slow, qr/<\/html>/));
    ok t_cmp($again->{status}, 200,
             'the connection of the slow request stays usable');
    close $slow;
    check alive('isf_sec_slow'), 'the server answers after the slow filter';
}

# ---- Nothing crashed --------------------------------------------------------
Time::HiRes::sleep(0.3);   # the parent logs a dead child on its next tick
my $log = error_log_since($mark);
my @crash = crash_lines($log);
ok t_cmp(scalar(@crash), 0, 'no child process died (no "exit signal" in '
         . 'error_log)') or note(@crash);
my @san = sanitizer_lines($log);
ok t_cmp(scalar(@san), 0, 'no sanitizer report in error_log') or note(@san);
check alive('isf_sec_args'), 'the server still answers at the end';
